using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Leaks;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// Functions the worker leaves in each fresh interpreter's __main__ for the driver to take (C
/// functions of this process, PyCFunction objects whose code is .NET), through which the driver
/// tells the worker who did what, as it happens:
/// <list type="bullet">
/// <item>`begin(name)` and `end(init)` around each extension module's initialisation (its PyInit
/// function, its exec slot): the process state an init can change in C (the C environment, cwd,
/// umask, descriptors, stdio, signal dispositions, locale, limits) is read before and after, and what changed is
/// recorded as that extension's doing (<see cref="ExtensionEffects"/>), against the window of the
/// module whose interpreter ran it (`init` is the name, the origin and the import chain joined
/// with '>', separated by tabs; `name` is the step, "create_module X" or "exec_module X"). A step
/// that changed nothing the first time is not read around again in this worker: `begin` answers
/// False and the driver calls no `end` (the reads cost a pytest module, which loads some 30
/// extensions, tens of milliseconds). Without it an init's effect (readline's COLUMNS, LINES and
/// SIGWINCH handler, set even when the import is then refused) would look like the leak of
/// whichever module was running.</item>
/// <item>`note(touch)` from the driver's audit hook: this interpreter set or removed a variable
/// ("environ:NAME"), changed directory ("cwd"), set a limit ("rlimit:N") or opened a file
/// ("open:/path"). Audit hooks are per interpreter, so a change that two modules side by side both
/// saw appear is told apart without running either again (<see cref="ModuleWindow.Touched"/>).</item>
/// </list>
/// </summary>
internal static unsafe class WorkerHooks
{
    public const string BeginName = "_subinterp_init_begin";
    public const string EndName = "_subinterp_init_end";
    public const string NoteName = "_subinterp_note";

    private const int MethNoArgs = 0x0004;
    private const int MethO = 0x0008;
    private const int Count = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct PyMethodDef
    {
        public byte* Name;
        public void* Function;
        public int Flags;
        public byte* Doc;
    }

    private static ProcessLeakMonitor? s_monitor;
    private static LibPython? s_python;
    private static PyMethodDef* s_methods;
    private static nint s_none;
    private static nint s_true;
    private static nint s_false;

    // Steps of extensions' initialisation ("exec_module X") read around once in this worker that changed nothing.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Unchanging = new(StringComparer.Ordinal);

    // Extensions being read around for the first time (name at begin, for end to mark it).
    [ThreadStatic]
    private static Stack<string>? t_names;
    private static delegate* unmanaged<PyMethodDef*, nint, nint, nint> s_newFunction;
    private static delegate* unmanaged<byte*, nint> s_addModule;
    private static delegate* unmanaged<nint, nint> s_moduleGetDict;
    private static delegate* unmanaged<nint, byte*, nint, int> s_dictSetItemString;
    private static delegate* unmanaged<nint, byte*> s_unicodeAsUtf8;
    private static delegate* unmanaged<nint, void> s_decRef;
    private static delegate* unmanaged<void> s_errClear;
    private static delegate* unmanaged<nint> s_saveThread;
    private static delegate* unmanaged<nint, void> s_restoreThread;

    // One extension's initialisation at a time in the whole worker: two slots' inits overlapping
    // would each see the other's change (fcntl's init taken for the author of readline's COLUMNS).
    // Reentrant: an init that imports another extension nests on the same thread.
    private static readonly object InitLock = new();
    private static readonly TimeSpan InitLockWait = TimeSpan.FromSeconds(2);

    // Inits nest (an extension's init importing another): one entry per begin still open on this
    // thread; null when the lock could not be had, and nothing is recorded for that init.
    [ThreadStatic]
    private static Stack<ProcessSnapshot?>? t_before;

    /// <summary>Once per worker, before any interpreter runs a module.</summary>
    public static void Install(LibPython python, ProcessLeakMonitor monitor)
    {
        nint Require(string name) => LibC.dlsym(python.Handle, name) is var symbol && symbol != 0
            ? symbol
            : throw new LibPythonLoadException($"{python.Path} has no symbol {name}.");
        s_newFunction = (delegate* unmanaged<PyMethodDef*, nint, nint, nint>)Require("PyCFunction_NewEx");
        s_addModule = (delegate* unmanaged<byte*, nint>)Require("PyImport_AddModule");
        s_moduleGetDict = (delegate* unmanaged<nint, nint>)Require("PyModule_GetDict");
        s_dictSetItemString = (delegate* unmanaged<nint, byte*, nint, int>)Require("PyDict_SetItemString");
        s_unicodeAsUtf8 = (delegate* unmanaged<nint, byte*>)Require("PyUnicode_AsUTF8");
        s_saveThread = python.PyEval_SaveThread;
        s_restoreThread = python.PyEval_RestoreThread;
        s_decRef = (delegate* unmanaged<nint, void>)Require("Py_DecRef");
        s_errClear = (delegate* unmanaged<void>)Require("PyErr_Clear");
        s_none = Require("_Py_NoneStruct");
        s_true = Require("_Py_TrueStruct");
        s_false = Require("_Py_FalseStruct");
        s_monitor = monitor;
        s_python = python;
        // The method table lives as long as the process: every interpreter's function objects point into it.
        s_methods = (PyMethodDef*)NativeMemory.AllocZeroed((nuint)((Count + 1) * sizeof(PyMethodDef)));
        s_methods[0] = new PyMethodDef { Name = new Utf8(BeginName).Pointer, Function = (delegate* unmanaged[Cdecl]<nint, nint, nint>)&Begin, Flags = MethO };
        s_methods[1] = new PyMethodDef { Name = new Utf8(EndName).Pointer, Function = (delegate* unmanaged[Cdecl]<nint, nint, nint>)&End, Flags = MethO };
        s_methods[2] = new PyMethodDef { Name = new Utf8(NoteName).Pointer, Function = (delegate* unmanaged[Cdecl]<nint, nint, nint>)&Note, Flags = MethO };
    }

    /// <summary>Leaves the functions in the __main__ of the interpreter current on this thread (its GIL held).</summary>
    public static void Inject()
    {
        if (s_methods == null)
        {
            return;
        }
        using var mainName = new Utf8("__main__");
        var main = s_addModule(mainName.Pointer); // borrowed
        if (main == 0)
        {
            s_errClear();
            return;
        }
        var globals = s_moduleGetDict(main); // borrowed
        for (var i = 0; i < Count; i++)
        {
            var function = s_newFunction(&s_methods[i], 0, 0);
            if (function == 0)
            {
                s_errClear();
                continue;
            }
            if (s_dictSetItemString(globals, s_methods[i].Name, function) < 0)
            {
                s_errClear();
            }
            s_decRef(function);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Begin(nint self, nint name)
    {
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var text = s_unicodeAsUtf8(name);
            var extension = text == null ? "?" : Marshal.PtrToStringUTF8((nint)text) ?? "?";
            if (text == null)
            {
                s_errClear();
            }
            if (Unchanging.ContainsKey(extension))
            {
                return s_false; // changed nothing before: not read again, no end() follows
            }
            (t_names ??= new Stack<string>()).Push(extension);
            BeginRead();
            return s_true;
        }
        finally
        {
            SlotTiming.AddHookTime(since);
        }
    }

    private static void BeginRead()
    {
        var stack = t_before ??= new Stack<ProcessSnapshot?>();
        if (!TakeInitLock())
        {
            stack.Push(null);
            return;
        }
        try
        {
            stack.Push(ProcessSnapshot.CaptureLight(s_monitor!.WorkerFds));
        }
        catch (Exception)
        {
            Monitor.Exit(InitLock);
            stack.Push(null);
        }
    }

    /// <summary>
    /// The worker-wide init lock; while waiting for it the caller's GIL is released (under a shared
    /// GIL the init that holds it may need the GIL to finish). False after a long wait: that init
    /// goes unrecorded rather than hang.
    /// </summary>
    private static bool TakeInitLock()
    {
        if (Monitor.TryEnter(InitLock))
        {
            return true;
        }
        var saved = s_saveThread();
        try
        {
            return Monitor.TryEnter(InitLock, InitLockWait);
        }
        finally
        {
            s_restoreThread(saved);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint End(nint self, nint init)
    {
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            EndRead(init);
        }
        finally
        {
            SlotTiming.AddHookTime(since);
        }
        return s_none;
    }

    private static void EndRead(nint init)
    {
        var extension = t_names is { Count: > 0 } names ? names.Pop() : null;
        if (t_before is not { Count: > 0 } stack || stack.Pop() is not { } before)
        {
            return; // no begin, or no lock: nothing to record, nothing to release
        }
        try
        {
            var text = s_unicodeAsUtf8(init);
            if (text == null)
            {
                s_errClear();
            }
            else if (s_monitor is not null && s_python is not null
                && !s_monitor.RecordEffect(ExtensionInit.Parse(Marshal.PtrToStringUTF8((nint)text) ?? "?"), before, ProcessSnapshot.CaptureLight(s_monitor.WorkerFds), CurrentWindow())
                && extension is not null)
            {
                Unchanging.TryAdd(extension, 0);
            }
        }
        catch (Exception)
        {
            // Nothing recorded: at worst the change shows up as the module's.
        }
        finally
        {
            Monitor.Exit(InitLock);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Note(nint self, nint touch)
    {
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var text = s_unicodeAsUtf8(touch);
            if (text == null)
            {
                s_errClear();
            }
            else if (CurrentWindow() is { } window)
            {
                s_monitor!.Touch(window, Marshal.PtrToStringUTF8((nint)text) ?? "");
            }
        }
        catch (Exception)
        {
            // Not noted: the change may then need a run alone to be told apart.
        }
        SlotTiming.AddHookTime(since);
        return s_none;
    }

    /// <summary>The open window of the module whose interpreter is running on this thread.</summary>
    private static ModuleWindow? CurrentWindow() =>
        s_monitor is null || s_python is null ? null : s_monitor.WindowOf(s_python.PyInterpreterState_GetID(s_python.PyInterpreterState_Get()));
}
