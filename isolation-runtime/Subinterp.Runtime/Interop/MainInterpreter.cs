namespace Subinterp.Runtime.Interop;

/// <summary>
/// The process's main interpreter: initialised once so that sys.executable is the real Python
/// executable (which makes getpath find a venv's pyvenv.cfg and site-packages), then its GIL is
/// released so slot threads can create subinterpreters from it.
/// </summary>
internal sealed unsafe class MainInterpreter
{
    private readonly LibPython _python;
    private nint _savedThreadState;

    private MainInterpreter(LibPython python) => _python = python;

    /// <summary>Initialises Python without installing signal handlers: the .NET runtime owns signals here.</summary>
    public static MainInterpreter Initialize(LibPython python, string executable)
    {
        if (python.Py_IsInitialized() != 0)
        {
            throw new InvalidOperationException("Python is already initialised in this process.");
        }
        if (python.HasInitConfigApi)
        {
            InitializeWithInitConfig(python, executable);
        }
        else
        {
            InitializeWithProgramName(python, executable);
        }
        return new MainInterpreter(python);
    }

    private static void InitializeWithProgramName(LibPython python, string executable)
    {
        if (python.Py_SetProgramName == null)
        {
            throw new LibPythonLoadException($"{python.Path} offers neither PyInitConfig (PEP 741) nor Py_SetProgramName.");
        }
        using var name = new Utf8(executable);
        // Py_SetProgramName keeps the pointer: the decoded string must live as long as the process.
        var wide = python.Py_DecodeLocale(name.Pointer, null);
        if (wide == 0)
        {
            throw new LibPythonLoadException($"cannot decode the executable path {executable} in the current locale.");
        }
        python.Py_SetProgramName(wide);
        python.Py_InitializeEx(0);
    }

    private static void InitializeWithInitConfig(LibPython python, string executable)
    {
        var config = python.PyInitConfig_Create();
        if (config == 0)
        {
            throw new OutOfMemoryException("PyInitConfig_Create failed.");
        }
        try
        {
            using var executableKey = new Utf8("executable");
            using var programNameKey = new Utf8("program_name");
            using var signalsKey = new Utf8("install_signal_handlers");
            using var value = new Utf8(executable);
            if (python.PyInitConfig_SetStr(config, executableKey.Pointer, value.Pointer) < 0
                || python.PyInitConfig_SetStr(config, programNameKey.Pointer, value.Pointer) < 0
                || python.PyInitConfig_SetInt(config, signalsKey.Pointer, 0) < 0
                || python.Py_InitializeFromInitConfig(config) < 0)
            {
                nint error = 0;
                python.PyInitConfig_GetError(config, &error);
                var message = error == 0 ? "unknown error" : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(error);
                throw new LibPythonLoadException($"Python initialisation failed: {message}");
            }
        }
        finally
        {
            python.PyInitConfig_Free(config);
        }
    }

    /// <summary>Runs code in the main interpreter; the caller must be the thread that initialised it.</summary>
    public bool Run(string code)
    {
        using var text = new Utf8(code);
        return _python.PyRun_SimpleStringFlags(text.Pointer, 0) == 0;
    }

    public void ReleaseGil() => _savedThreadState = _python.PyEval_SaveThread();

    public void AcquireGil() => _python.PyEval_RestoreThread(_savedThreadState);
}
