namespace Subinterp.Runtime.Interop;

/// <summary>
/// The process's main interpreter, started the way a plain `python` process starts, so that every
/// interpreter made from it sees what that Python would: sys.path with PYTHONPATH, .pth files, a
/// venv and the user site; PYTHON* variables (PYTHONDONTWRITEBYTECODE, PYTHONUTF8, ...); the
/// locale, C-locale coercion and UTF-8 mode (PEP 538, PEP 540). sys.executable is the real Python
/// executable, which makes getpath find a venv's pyvenv.cfg and site-packages. Then its GIL is
/// released so slot threads can create subinterpreters from it.
/// </summary>
internal sealed unsafe class MainInterpreter
{
    // sizeof(PyPreConfig) is 40 bytes on 3.12-3.15 (ten ints); CPython fills the part it knows.
    private const int PreConfigBufferSize = 256;

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
        PreInitializeAsPython(python);
        // Py_SetProgramName + Py_InitializeEx is the compat configuration: the environment is read as
        // a plain process reads it. PyInitConfig (PEP 741, 3.14+) starts from the isolated one, which
        // ignores PYTHONPATH and every PYTHON* variable, so it is only the way when the old API is gone.
        if (python.Py_SetProgramName != null)
        {
            InitializeWithProgramName(python, executable);
        }
        else if (python.HasInitConfigApi)
        {
            InitializeWithInitConfig(python, executable);
        }
        else
        {
            throw new LibPythonLoadException($"{python.Path} offers neither Py_SetProgramName nor PyInitConfig (PEP 741).");
        }
        return new MainInterpreter(python);
    }

    /// <summary>
    /// The Python configuration's pre-initialisation (what `python` itself does first): LC_CTYPE from
    /// the environment, the C locale coerced to a UTF-8 one and UTF-8 mode decided from the locale,
    /// PYTHONUTF8, PYTHONCOERCECLOCALE and PYTHONMALLOC. Without it the compat configuration leaves
    /// UTF-8 mode and coercion off, and the isolated one does not even set the locale (ASCII file names).
    /// </summary>
    private static void PreInitializeAsPython(LibPython python)
    {
        var preConfig = stackalloc byte[PreConfigBufferSize];
        new Span<byte>(preConfig, PreConfigBufferSize).Clear();
        python.PyPreConfig_InitPythonConfig(preConfig);
        var status = python.Py_PreInitialize(preConfig);
        if (status.IsException)
        {
            throw new LibPythonLoadException($"Python pre-initialisation failed: {status.Describe()}");
        }
    }

    private static void InitializeWithProgramName(LibPython python, string executable)
    {
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
            // What the isolated configuration turns off and a plain process has on; the options that a
            // plain process reads from PYTHON* variables only when left unset (-1) cannot be set back here.
            var ints = new (string Name, long Value)[]
            {
                ("install_signal_handlers", 0), ("isolated", 0), ("use_environment", 1), ("user_site_directory", 1),
                ("safe_path", 0), ("pathconfig_warnings", 1), ("configure_c_stdio", 1),
            };
            using var executableKey = new Utf8("executable");
            using var programNameKey = new Utf8("program_name");
            using var value = new Utf8(executable);
            var ok = python.PyInitConfig_SetStr(config, executableKey.Pointer, value.Pointer) >= 0
                && python.PyInitConfig_SetStr(config, programNameKey.Pointer, value.Pointer) >= 0;
            foreach (var (name, number) in ints)
            {
                using var key = new Utf8(name);
                ok = ok && python.PyInitConfig_SetInt(config, key.Pointer, number) >= 0;
            }
            if (!ok || python.Py_InitializeFromInitConfig(config) < 0)
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
