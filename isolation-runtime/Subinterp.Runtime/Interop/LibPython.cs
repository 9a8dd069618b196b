using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Interop;

/// <summary>
/// libpython loaded with dlopen(RTLD_NOW | RTLD_GLOBAL) and its entry points as unmanaged function
/// pointers. RTLD_GLOBAL matters: extension modules resolve Py* symbols from the global namespace,
/// and .NET's NativeLibrary.Load (RTLD_LOCAL) makes every extension import fail with "undefined symbol".
/// </summary>
internal sealed unsafe class LibPython
{
    public nint Handle { get; }
    public string Path { get; }

    public readonly delegate* unmanaged<int> Py_IsInitialized;
    public readonly delegate* unmanaged<int, void> Py_InitializeEx;
    public readonly delegate* unmanaged<nint, void> Py_SetProgramName; // deprecated since 3.11, still exported by 3.15
    public readonly delegate* unmanaged<byte*, void> PyPreConfig_InitPythonConfig;
    public readonly delegate* unmanaged<byte*, PyStatus> Py_PreInitialize;
    public readonly delegate* unmanaged<byte*, nint*, nint> Py_DecodeLocale;
    public readonly delegate* unmanaged<nint> PyEval_SaveThread;
    public readonly delegate* unmanaged<nint, void> PyEval_RestoreThread;
    public readonly delegate* unmanaged<nint, nint> PyThreadState_Swap;
    public readonly delegate* unmanaged<nint*, PyInterpreterConfig*, PyStatus> Py_NewInterpreterFromConfig;
    public readonly delegate* unmanaged<nint, void> Py_EndInterpreter;
    public readonly delegate* unmanaged<byte*, nint, int> PyRun_SimpleStringFlags;
    public readonly delegate* unmanaged<nint> PyInterpreterState_Get;
    public readonly delegate* unmanaged<nint, long> PyInterpreterState_GetID;
    public readonly delegate* unmanaged<nint, nint> PyInterpreterState_ThreadHead;
    public readonly delegate* unmanaged<nint, nint> PyThreadState_Next;

    // Exported (not public API) in 3.12 and 3.13: marks an interpreter as in use, which makes
    // _interpreters.destroy() from another interpreter refuse it (see SubInterpreter.Create).
    public readonly delegate* unmanaged<nint, int> _PyInterpreterState_SetRunningMain;
    public readonly delegate* unmanaged<void> PyErr_Clear;

    // PEP 741 (3.14+): the configuration API for a CPython without Py_SetProgramName. It starts
    // from the isolated configuration; MainInterpreter undoes what a plain process does not do.
    public readonly delegate* unmanaged<nint> PyInitConfig_Create;
    public readonly delegate* unmanaged<nint, byte*, byte*, int> PyInitConfig_SetStr;
    public readonly delegate* unmanaged<nint, byte*, long, int> PyInitConfig_SetInt;
    public readonly delegate* unmanaged<nint, int> Py_InitializeFromInitConfig;
    public readonly delegate* unmanaged<nint, nint*, int> PyInitConfig_GetError;
    public readonly delegate* unmanaged<nint, void> PyInitConfig_Free;

    private LibPython(nint handle, string path)
    {
        Handle = handle;
        Path = path;
        Py_IsInitialized = (delegate* unmanaged<int>)Require("Py_IsInitialized");
        Py_InitializeEx = (delegate* unmanaged<int, void>)Require("Py_InitializeEx");
        Py_SetProgramName = (delegate* unmanaged<nint, void>)Optional("Py_SetProgramName");
        Py_DecodeLocale = (delegate* unmanaged<byte*, nint*, nint>)Require("Py_DecodeLocale");
        PyPreConfig_InitPythonConfig = (delegate* unmanaged<byte*, void>)Require("PyPreConfig_InitPythonConfig");
        Py_PreInitialize = (delegate* unmanaged<byte*, PyStatus>)Require("Py_PreInitialize");
        PyEval_SaveThread = (delegate* unmanaged<nint>)Require("PyEval_SaveThread");
        PyEval_RestoreThread = (delegate* unmanaged<nint, void>)Require("PyEval_RestoreThread");
        PyThreadState_Swap = (delegate* unmanaged<nint, nint>)Require("PyThreadState_Swap");
        Py_NewInterpreterFromConfig = (delegate* unmanaged<nint*, PyInterpreterConfig*, PyStatus>)Require("Py_NewInterpreterFromConfig");
        Py_EndInterpreter = (delegate* unmanaged<nint, void>)Require("Py_EndInterpreter");
        PyRun_SimpleStringFlags = (delegate* unmanaged<byte*, nint, int>)Require("PyRun_SimpleStringFlags");
        PyInterpreterState_Get = (delegate* unmanaged<nint>)Require("PyInterpreterState_Get");
        PyInterpreterState_GetID = (delegate* unmanaged<nint, long>)Require("PyInterpreterState_GetID");
        PyInterpreterState_ThreadHead = (delegate* unmanaged<nint, nint>)Require("PyInterpreterState_ThreadHead");
        PyThreadState_Next = (delegate* unmanaged<nint, nint>)Require("PyThreadState_Next");
        _PyInterpreterState_SetRunningMain = (delegate* unmanaged<nint, int>)Optional("_PyInterpreterState_SetRunningMain");
        PyErr_Clear = (delegate* unmanaged<void>)Require("PyErr_Clear");
        PyInitConfig_Create = (delegate* unmanaged<nint>)Optional("PyInitConfig_Create");
        PyInitConfig_SetStr = (delegate* unmanaged<nint, byte*, byte*, int>)Optional("PyInitConfig_SetStr");
        PyInitConfig_SetInt = (delegate* unmanaged<nint, byte*, long, int>)Optional("PyInitConfig_SetInt");
        Py_InitializeFromInitConfig = (delegate* unmanaged<nint, int>)Optional("Py_InitializeFromInitConfig");
        PyInitConfig_GetError = (delegate* unmanaged<nint, nint*, int>)Optional("PyInitConfig_GetError");
        PyInitConfig_Free = (delegate* unmanaged<nint, void>)Optional("PyInitConfig_Free");
    }

    public bool HasInitConfigApi => PyInitConfig_Create != null && Py_InitializeFromInitConfig != null;

    /// <exception cref="LibPythonLoadException">The library cannot be loaded or lacks the subinterpreter API.</exception>
    public static LibPython Load(string path)
    {
        var handle = LibC.dlopen(path, LibC.RTLD_NOW | LibC.RTLD_GLOBAL);
        if (handle == 0)
        {
            throw new LibPythonLoadException(
                $"cannot load {path}: {LibC.LastDlError() ?? "dlopen failed"}. " +
                "Check that the file exists and matches this machine's architecture, or pass another --python.");
        }
        return new LibPython(handle, path);
    }

    private nint Optional(string name) => LibC.dlsym(Handle, name);

    private nint Require(string name)
    {
        var symbol = LibC.dlsym(Handle, name);
        if (symbol == 0)
        {
            throw new LibPythonLoadException(
                $"{Path} has no symbol {name}: it is not a CPython 3.12+ shared library. " +
                "Subinterp needs CPython 3.12 or newer built with --enable-shared.");
        }
        return symbol;
    }
}

public sealed class LibPythonLoadException(string message) : Exception(message);
