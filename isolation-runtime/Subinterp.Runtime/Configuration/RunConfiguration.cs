using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using static Subinterp.Runtime.Configuration.SettingSources;

namespace Subinterp.Runtime.Configuration;

/// <summary>
/// Every run setting, once: the one list the command line (`run`, `list`), [tool.subinterp] in
/// pyproject.toml, the test adapter's MSBuild properties and `.runsettings` are read from, through
/// <see cref="RunConfigurationBuilder"/>, into one validated <see cref="RunOptions"/>.
/// <para>
/// One precedence rule, for every setting and every front door: the value given closest to this
/// run wins. Lowest first: the default (what a fresh <see cref="RunOptions"/> holds), then
/// [tool.subinterp] in the nearest pyproject.toml that has the section, then the .NET test
/// project's MSBuild property, then the &lt;Subinterp&gt; section of the run settings, then the
/// command line. (`subinterp` has only the first two and the command line; `dotnet test` has no
/// command line of Subinterp's own: `dotnet test -- Subinterp.Jobs=2` is a run setting.)
/// </para>
/// A new setting is one entry here (with the <see cref="RunOptions"/> field it sets): the CLI's
/// options and `--help`, the pyproject keys, the adapter's MSBuild properties, manifest and run
/// settings elements all come from this list.
/// </summary>
public static class RunConfiguration
{
    public static readonly RunSetting<IReadOnlyList<string>> Paths = new("paths",
        "Test folders or .py files (in pyproject.toml: relative to it).", CommandLine | Project,
        SettingKinds.Texts("give test folders or .py files", "PATHS", paths: true), o => o.Paths, (o, v) => o with { Paths = v },
        defaultText: "") { IsArgument = true };

    public static readonly RunSetting<string?> Python = new("python",
        "Python version (3.13), executable (a venv's too) or libpython3.X.so.", Everywhere,
        SettingKinds.Text("give a version (3.13), a Python executable or a libpython3.X.so", "V|PATH"), o => o.Python, (o, v) => o with { Python = v },
        defaultText: "$SUBINTERP_PYTHON, then the newest found");

    public static readonly RunSetting<string> Mode = new("mode",
        "isolated (own GIL, own allocator), legacy (shared GIL), or both (every module in each; verdicts side by side).", Everywhere,
        SettingKinds.Choice([.. InterpreterModeNames.Choices.Select(name => (name, name))]),
        o => o.BothModes ? InterpreterModeNames.Both : o.Mode.Name(),
        (o, name) => InterpreterModeNames.Parse(name) is [var first, ..] modes ? o with { Mode = first, BothModes = modes.Count > 1 } : o);

    public static readonly RunSetting<int> Jobs = new("jobs",
        "Slots, one pinned core each.", Everywhere,
        SettingKinds.WholeNumber(1, "give a whole number of slots, at least 1"), o => o.Jobs, (o, v) => o with { Jobs = v },
        defaultText: "one per core") { Alias = "-j" };

    public static readonly RunSetting<EngineChoice> Engine = new("engine",
        "auto (pytest when a pytest configuration is found and pytest is importable), unittest or pytest.", Everywhere,
        SettingKinds.Choice(("auto", EngineChoice.Auto), ("unittest", EngineChoice.Unittest), ("pytest", EngineChoice.Pytest)),
        o => o.Engine, (o, v) => o with { Engine = v });

    public static readonly RunSetting<string?> Pattern = new("pattern",
        "File name pattern of test modules.", Everywhere,
        SettingKinds.Text("give a file name pattern such as test*.py", "GLOB"), o => o.Pattern, (o, v) => o with { Pattern = v ?? o.Pattern },
        defaultText: "the engine's: test*.py (unittest); pytest's python_files, else test_*.py *_test.py (pytest)") { Alias = "-p" };

    public static readonly RunSetting<double?> Timeout = new("timeout",
        "Seconds a module may run before it is stopped and reported timed-out; 0: no limit. The default is enforced from outside the " +
        "interpreter (no watchdog thread runs in it); a limit you give also reports the interpreter's Python stacks.",
        Everywhere, SettingKinds.Seconds(),
        o => o.ModuleTimeoutSeconds ?? o.DefaultModuleTimeoutSeconds,
        (o, v) => v is null ? o with { ModuleTimeoutSeconds = null, DefaultModuleTimeoutSeconds = null } : o with { ModuleTimeoutSeconds = v },
        defaultText: $"{RunOptions.UnattendedModuleTimeoutSeconds:0} (20 minutes, what CPython's buildbots give regrtest)");

    public static readonly RunSetting<double?> TestTimeout = new("test-timeout",
        "Seconds a single test may run; 0: no limit.", Everywhere & ~List,
        SettingKinds.Seconds(), o => o.TestTimeoutSeconds, (o, v) => o with { TestTimeoutSeconds = v }, defaultText: "none");

    public static readonly RunSetting<int> OutputLimit = new("output-limit",
        "Bytes of stdout and of stderr kept per test.", Everywhere & ~List,
        SettingKinds.WholeNumber(0, "give a whole number of bytes, 0 or more", "BYTES"), o => o.OutputLimitBytes, (o, v) => o with { OutputLimitBytes = v });

    public static readonly RunSetting<int> MemoryLimit = new("memory-limit",
        "Megabytes of resident memory a worker may use before it is stopped and the module reported crashed (out of memory); 0: no limit.", Everywhere & ~List,
        SettingKinds.WholeNumber(0, "give a whole number of megabytes, or 0 for no limit", "MB"), o => o.MemoryLimitMegabytes, (o, v) => o with { MemoryLimitMegabytes = v },
        defaultText: "half of this machine's memory");

    public static readonly RunSetting<int> MaxWorkerRestarts = new("max-worker-restarts",
        "Worker restarts allowed after crashes before the rest is reported not-run.", Everywhere & ~List,
        SettingKinds.WholeNumber(0, "give a whole number of restarts, 0 or more"), o => o.MaxWorkerRestarts, (o, v) => o with { MaxWorkerRestarts = v });

    public static readonly RunSetting<int> RepeatLifecycles = new("repeat-lifecycles",
        $"Run each module K times (K >= {LifecycleLeakRule.MinimumLifecycles}) in fresh interpreters, one module at a time, and report steady growth of memory, fds or threads per lifecycle as a leak; 1: off.",
        Everywhere & ~List,
        SettingKinds.WholeNumber(1, $"give 1 (off) or at least {LifecycleLeakRule.MinimumLifecycles} lifecycles, to tell steady growth from warm-up (6 or more is better)", "K",
            accepts: k => k == 1 || k >= LifecycleLeakRule.MinimumLifecycles),
        o => o.RepeatLifecycles, (o, v) => o with { RepeatLifecycles = v });

    public static readonly RunSetting<bool> CompareProcess = new("compare-process",
        "Re-run modules that failed, errored, crashed, timed out or were unsafe in a plain process of the same Python and label each failure subinterpreter-only or also-in-process.",
        Everywhere & ~List, SettingKinds.Flag(), o => o.CompareProcess, (o, v) => o with { CompareProcess = v });

    public static readonly RunSetting<IReadOnlyList<string>> FailOn = new("fail-on",
        "Which findings fail the run (exit 3), comma-separated: origins test-code (the code under test and its non-stdlib dependencies), " +
        "stdlib (a stdlib extension's initialisation), cpython (a known CPython defect), all; kinds crash, timeout, unsafe, leak, effect; or none.",
        Everywhere & ~List, SettingKinds.FailOn(), o => o.ExitPolicy.Terms, (o, v) => o with { ExitPolicy = ExitPolicy.Parse(v, o.ExitPolicy.Allowed) });

    public static readonly RunSetting<string?> StateDir = new("state-dir",
        "Where durations, worker logs and the run's journal are kept.", CommandLine,
        SettingKinds.Path("give a folder", "DIR"), o => o.StateDirectory, (o, v) => o with { StateDirectory = v ?? o.StateDirectory },
        defaultText: ".subinterp in the current folder");

    /// <summary>Read by <see cref="RunConfigurationBuilder"/> before anything else: it says which pyproject.toml the other settings come from.</summary>
    public static readonly RunSetting<string?> Config = new("config",
        "pyproject.toml whose [tool.subinterp] section to use.", CommandLine | MSBuild | RunSettings,
        SettingKinds.Path("give the path of a pyproject.toml with a [tool.subinterp] section", "FILE"), _ => null, (o, _) => o,
        defaultText: "the nearest pyproject.toml with that section, from the test paths up");

    public static readonly RunSetting<IReadOnlyList<string>> Test = new("test",
        "Run only this module, class or test (a dotted id such as pkg.test_mod.Class.test_x; a package's id runs every test module in it, as test.test_asyncio does under python -m test), or a pytest node id tests/test_mod.py::test_f. Repeatable.", CommandLine,
        SettingKinds.Texts("give a module, class or test id", "ID"), o => o.TestIds, (o, v) => o with { TestIds = v }, defaultText: "all");

    public static readonly RunSetting<IReadOnlyList<string>> Keyword = new("keyword",
        "Run only tests whose id contains this text (case-insensitive; * and ? are wildcards over the whole id). Repeatable: any may match.", CommandLine,
        SettingKinds.Texts("give a text to look for in test ids", "EXPR"), o => o.Keywords, (o, v) => o with { Keywords = v }, defaultText: "all") { OptionName = "-k" };

    public static readonly RunSetting<ShardSpec?> Shard = new("shard",
        "i/N: run only the i-th of N shares of the modules, balanced on remembered durations (one per CI machine); `subinterp merge` joins the shards' --json reports.", Run,
        SettingKinds.Shard(), o => o.Shard, (o, v) => o with { Shard = v }, defaultText: "all the modules");

    public static readonly RunSetting<bool> Resume = new("resume",
        "Finish an interrupted run from its journal (in --state-dir) without re-running completed modules; paths and run options come from the journal.", Run,
        SettingKinds.Flag(), o => o.Resume, (o, v) => o with { Resume = v });

    /// <summary>In the order `--help` lists them.</summary>
    public static IReadOnlyList<RunSetting> Settings { get; } =
    [
        Paths, Python, Mode, Jobs, Engine, Pattern, Timeout, TestTimeout, OutputLimit, MemoryLimit, MaxWorkerRestarts, RepeatLifecycles,
        CompareProcess, FailOn, StateDir, Config, Test, Keyword, Shard, Resume,
    ];

    /// <summary>A run's options before any setting is given: every default is a <see cref="RunOptions"/> initialiser.</summary>
    public static RunOptions Defaults => new() { Paths = [] };

    /// <summary>The settings a source takes, in order.</summary>
    public static IEnumerable<RunSetting> From(SettingSources source) => Settings.Where(setting => setting.Allows(source));

    /// <summary>The setting a source knows by <paramref name="name"/> (its key, or its Pascal name in MSBuild and the run settings), or null.</summary>
    public static RunSetting? Named(string name, SettingSources source) => From(source).FirstOrDefault(setting =>
        source is MSBuild or RunSettings ? setting.PascalName == name : setting.Key == name);

    /// <summary>The first setting whose value <paramref name="options"/> holds out of range, named as the command line spells it; null when all are fine.</summary>
    public static string? Problem(RunOptions options) => Settings.Select(setting => setting.Problem(options)).FirstOrDefault(problem => problem is not null);
}
