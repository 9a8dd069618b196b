namespace Subinterp.Runtime.Orchestration;

public enum EngineChoice { Auto, Unittest, Pytest }

/// <summary>
/// What a caller (the CLI, the test adapter, the matrix) asks of a session, already parsed; the
/// session validates it (see Session/RequestValidation.cs). The initialisers are the defaults of
/// every run setting; the front doors build these through Configuration/RunConfigurationBuilder.
/// </summary>
public sealed record RunOptions
{
    /// <summary>Test folders or .py files. May be empty only with <see cref="Resume"/>.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>
    /// Run only these: a module name selects the module; a test id ("pkg.test_mod.Class.test_x",
    /// "test_mod.test_f[1]"), a class id, or a pytest node id ("tests/test_mod.py::test_f") selects tests.
    /// </summary>
    public IReadOnlyList<string> TestIds { get; init; } = [];

    /// <summary>-k: run tests whose id contains one of these (case-insensitive; `*` and `?` are wildcards, as in unittest -k).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Finish the interrupted run recorded in <see cref="StateDirectory"/>'s journal; its options replace these.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// --pattern: the file name pattern of test modules; null: the engine's own (unittest's
    /// test*.py; pytest's python_files from its configuration, else test_*.py and *_test.py).
    /// </summary>
    public string? Pattern { get; init; }

    /// <summary>unittest discovery's default pattern, also what load_tests is handed when --pattern is not given.</summary>
    public const string UnittestPattern = "test*.py";
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public string? Python { get; init; }
    public InterpreterMode Mode { get; init; } = InterpreterMode.Isolated;
    public EngineChoice Engine { get; init; } = EngineChoice.Auto;
    public int OutputLimitBytes { get; init; } = 64 * 1024;
    /// <summary>--timeout: seconds a module may run; the driver's watchdog reports the interpreter's Python stacks, the orchestrator stops it a little later.</summary>
    public double? ModuleTimeoutSeconds { get; init; }

    /// <summary>
    /// Seconds a module may run when <see cref="ModuleTimeoutSeconds"/> is not set, so that an
    /// unattended run never hangs for ever; null: no limit. Enforced by the orchestrator alone
    /// (faulthandler's stacks): no watchdog thread runs in the interpreter, so test code sees no
    /// trace of a limit it did not ask for.
    /// </summary>
    public double? DefaultModuleTimeoutSeconds { get; init; } = UnattendedModuleTimeoutSeconds;

    /// <summary>20 minutes: what CPython's buildbots give regrtest (`--timeout=1200`), long enough for its longest modules.</summary>
    public const double UnattendedModuleTimeoutSeconds = 1200;

    public double? TestTimeoutSeconds { get; init; }
    public int MaxWorkerRestarts { get; init; } = 8;

    /// <summary>Resident memory (MB) a worker may use before it is stopped and its module reported crashed; 0: no limit.</summary>
    public int MemoryLimitMegabytes { get; init; } = MemoryWatchdog.DefaultLimitMegabytes();

    /// <summary>How long the driver waits for threads a module left running before it reports them.</summary>
    public double ThreadJoinSeconds { get; init; } = 3;
    /// <summary>Run every module in both modes (isolated, then legacy) and report both.</summary>
    public bool BothModes { get; init; }

    /// <summary>Fresh-interpreter lifecycles per module for lifecycle-leak checks; 1 = off, else at least 4. Runs one module at a time.</summary>
    public int RepeatLifecycles { get; init; } = 1;

    /// <summary>Re-run modules that failed, errored, crashed, timed out or were unsafe in a plain process and label each failure subinterpreter-only or also-in-process.</summary>
    public bool CompareProcess { get; init; } = true;

    /// <summary>Which findings fail the run (--fail-on) and the known ones allowed ([tool.subinterp] allow).</summary>
    public Results.ExitPolicy ExitPolicy { get; init; } = Results.ExitPolicy.Default;

    /// <summary>--shard i/N: run only the i-th of N duration-balanced shares of the modules (one per CI machine); null runs them all.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>
    /// Extension modules the worker imports in its main interpreter before any subinterpreter
    /// exists; null: <see cref="MainInterpreterPreload"/>'s list for this Python and engine. The
    /// compatibility matrix passes an empty list: the CPython bugs that list hides are what it measures.
    /// </summary>
    public IReadOnlyList<string>? Preload { get; init; }

    /// <summary>Where durations and logs are kept between runs (default: .subinterp/ in the current folder).</summary>
    public string StateDirectory { get; init; } = ".subinterp";
}
