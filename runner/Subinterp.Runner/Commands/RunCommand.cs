using System.CommandLine;
using Subinterp.Runner.Progress;
using Subinterp.Runtime;
using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Reports;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Commands;

/// <summary>`subinterp run`: parse options, open a session, run it, write reports, render; the work is the runtime's.</summary>
internal static class RunCommand
{
    internal static readonly Argument<string[]> Paths = new("paths") { Description = "Test folders or files.", Arity = ArgumentArity.ZeroOrMore };
    internal static readonly Option<int> Jobs = new("--jobs", "-j") { Description = "Slots (one pinned core each). Default: one per core.", DefaultValueFactory = _ => Environment.ProcessorCount };
    internal static readonly Option<string?> Python = new("--python") { Description = "Python version (3.13), executable (a venv's too) or libpython3.X.so. Default: $SUBINTERP_PYTHON, then the newest found." };
    internal static readonly Option<string> Mode = new("--mode") { Description = "isolated (own GIL, own allocator), legacy (shared GIL), or both (every module in each; verdicts side by side).", DefaultValueFactory = _ => "isolated" };
    internal static readonly Option<string> Engine = new("--engine") { Description = "auto (pytest when a pytest config is found and pytest is importable), unittest or pytest.", DefaultValueFactory = _ => "auto" };
    internal static readonly Option<string> Pattern = new("--pattern", "-p") { Description = "File name pattern of test modules.", DefaultValueFactory = _ => "test*.py" };
    private static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the JSON report (schema subinterp-report/1) to this file." };
    private static readonly Option<FileInfo?> JUnit = new("--junit") { Description = "Write a JUnit XML report to this file." };
    private static readonly Option<FileInfo?> Html = new("--html") { Description = "Write a self-contained HTML report (findings by cause, a timeline per core, every module and test with search) to this file." };
    internal static readonly Option<double?> Timeout = new("--timeout") { Description = "Seconds a module may run before it is stopped and reported timed-out." };
    private static readonly Option<double?> TestTimeout = new("--test-timeout") { Description = "Seconds a single test may run." };
    private static readonly Option<int> OutputLimit = new("--output-limit") { Description = "Bytes of stdout and of stderr kept per test.", DefaultValueFactory = _ => 64 * 1024 };
    private static readonly Option<int> MaxRestarts = new("--max-worker-restarts") { Description = "Worker restarts allowed after crashes before the rest is reported not-run.", DefaultValueFactory = _ => 8 };
    private static readonly Option<string> Progress = new("--progress") { Description = "auto (lanes on a terminal, lines otherwise), lanes, lines or none.", DefaultValueFactory = _ => "auto" };
    internal static readonly Option<DirectoryInfo?> StateDir = new("--state-dir") { Description = "Where durations, worker logs and the run's journal are kept. Default: ./.subinterp" };
    private static readonly Option<int?> MemoryLimit = new("--memory-limit") { Description = "Megabytes of resident memory a worker may use before it is stopped and the module reported crashed (out of memory). 0: no limit. Default: half of this machine's memory." };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Finish an interrupted run from its journal (in --state-dir) without re-running completed modules; paths and run options come from the journal." };
    internal static readonly Option<string[]> Tests = new("--test") { Description = "Run only this module, class or test (a dotted id such as pkg.test_mod.Class.test_x, or a pytest node id tests/test_mod.py::test_f). Repeatable.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
    internal static readonly Option<string[]> Keywords = new("-k") { Description = "Run only tests whose id contains this text (case-insensitive; * and ? are wildcards over the whole id). Repeatable: any may match.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
    private static readonly Option<bool> CompareProcess = new("--compare-process") { Description = "Re-run modules that failed, errored, crashed, timed out or were unsafe in a plain process of the same Python and label each failure subinterpreter-only or also-in-process (the default)." };
    private static readonly Option<bool> NoCompareProcess = new("--no-compare-process") { Description = "Do not compare failing modules in a plain process." };
    private static readonly Option<string[]> FailOn = new("--fail-on") { Description = "Which findings fail the run (exit 3), comma-separated: origins test-code (the default: the code under test and its non-stdlib dependencies), stdlib (a stdlib extension's initialisation), cpython (a known CPython defect), all; kinds crash, timeout, unsafe, leak, effect; or none.", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<FileInfo?> Config = new("--config") { Description = "pyproject.toml whose [tool.subinterp] section to use. Default: the nearest pyproject.toml with that section, from the test paths up." };
    private static readonly Option<string?> Shard = new("--shard") { Description = "i/N: run only the i-th of N shares of the modules, balanced on remembered durations (one per CI machine); `subinterp merge` joins the shards' --json reports." };
    private static readonly Option<int> RepeatLifecycles = new("--repeat-lifecycles") { Description = $"Run each module K times (K >= {LifecycleLeakRule.MinimumLifecycles}) in fresh interpreters, one module at a time, and report steady growth of memory, fds or threads per lifecycle as a leak.", DefaultValueFactory = _ => 1 };

    public static Command Create()
    {
        var command = new Command("run", "Run test modules, each in a fresh subinterpreter.")
        {
            Paths, Jobs, Python, Mode, Engine, Pattern, Json, JUnit, Html, Timeout, TestTimeout, OutputLimit, MaxRestarts, Progress, StateDir,
            MemoryLimit, Resume, RepeatLifecycles, Tests, Keywords, CompareProcess, NoCompareProcess, FailOn, Config, Shard,
        };
        // An unknown option would otherwise be taken for a path that does not exist.
        Paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-')))
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        });
        Mode.AcceptOnlyFromAmong("isolated", "legacy", RunPlan.BothModes);
        Engine.AcceptOnlyFromAmong("auto", "unittest", "pytest");
        Progress.AcceptOnlyFromAmong("auto", "lanes", "lines", "none");
        command.SetAction((parse, cancellation) => ExecuteAsync(parse, cancellation));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellation)
    {
        RunOptions options;
        try
        {
            options = Options(parse);
        }
        catch (RunSetupException error)
        {
            Console.Error.WriteLine($"subinterp: {error.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
        if (IgnoredInterrupt.Warning() is { } warning)
        {
            Console.Error.WriteLine($"subinterp: warning: {warning}");
        }
        var progress = ProgressRenderer.Create(parse.GetValue(Progress)!);
        RunReport report;
        TestSession session;
        try
        {
            session = TestSession.Open(options, progress);
            report = await session.RunAsync(cancellation);
        }
        catch (RunSetupException error)
        {
            progress.Dispose();
            Console.Error.WriteLine($"subinterp: {error.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
        catch (OperationCanceledException)
        {
            progress.Dispose();
            Console.Error.WriteLine("subinterp: cancelled before any module ran.");
            return ExitCodes.Cancelled;
        }
        progress.Dispose();
        if (parse.GetValue(Json) is { } json)
        {
            JsonReportWriter.Write(report, json.FullName);
        }
        if (parse.GetValue(JUnit) is { } junit)
        {
            JUnitReportWriter.Write(report, junit.FullName);
        }
        if (parse.GetValue(Html) is { } html)
        {
            HtmlReportWriter.Write(report, html.FullName);
        }
        SummaryRenderer.Render(report, Console.Out);
        if (GitHubOutput.Enabled)
        {
            GitHubOutput.Annotate(report, session.Plan.Modules, Console.Out);
            GitHubOutput.AppendSummary(report);
        }
        foreach (var unknown in report.Modules.Where(m => m.Error?.Kind == "selection"))
        {
            Console.Error.WriteLine($"subinterp: --test {unknown.Error!.Message} (see the ids with `subinterp list`)");
        }
        if (report.Cancelled)
        {
            Console.Error.WriteLine($"subinterp: cancelled; the report holds what finished. `subinterp run --resume{StateDirArgument(parse)}` finishes the run.");
            return ExitCodes.Cancelled;
        }
        return report.ExitCode;
    }

    internal static EngineChoice EngineOf(ParseResult parse) =>
        parse.GetValue(Engine) switch { "pytest" => EngineChoice.Pytest, "unittest" => EngineChoice.Unittest, _ => EngineChoice.Auto };

    private static string StateDirArgument(ParseResult parse) => parse.GetValue(StateDir) is { } dir ? $" --state-dir {dir.FullName}" : "";

    /// <summary>
    /// The request as the session takes it: the command line over the project's [tool.subinterp]
    /// over the defaults; what the options cannot check themselves, the session does.
    /// </summary>
    /// <exception cref="RunSetupException">A bad configuration file or a bad --fail-on value.</exception>
    internal static RunOptions Options(ParseResult parse)
    {
        bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
        var cliPaths = parse.GetValue(Paths) ?? [];
        var config = parse.GetValue(Resume) ? null : ProjectConfig.Find(parse.GetValue(Config)?.FullName, cliPaths, Directory.GetCurrentDirectory());
        var mode = Given(Mode) ? parse.GetValue(Mode)! : config?.Mode ?? parse.GetValue(Mode)!;
        var engine = Given(Engine) ? parse.GetValue(Engine)! : config?.Engine ?? parse.GetValue(Engine)!;
        if (Given(CompareProcess) && Given(NoCompareProcess))
        {
            throw new RunSetupException("--compare-process and --no-compare-process contradict each other: give one.");
        }
        ExitPolicy policy;
        try
        {
            var failOn = Given(FailOn) ? parse.GetValue(FailOn) : null;
            policy = config?.Policy(failOn) ?? ExitPolicy.Parse(failOn ?? []);
        }
        catch (ArgumentException error)
        {
            throw new RunSetupException($"{error.Message}.");
        }
        var options = new RunOptions
        {
            Paths = cliPaths.Length > 0 ? cliPaths : config?.Paths ?? [],
            Jobs = Given(Jobs) ? parse.GetValue(Jobs) : config?.Jobs ?? parse.GetValue(Jobs),
            Python = parse.GetValue(Python),
            Mode = mode == "legacy" ? InterpreterMode.Legacy : InterpreterMode.Isolated,
            Engine = engine switch { "pytest" => EngineChoice.Pytest, "unittest" => EngineChoice.Unittest, _ => EngineChoice.Auto },
            Pattern = Given(Pattern) ? parse.GetValue(Pattern)! : config?.Pattern ?? parse.GetValue(Pattern)!,
            ModuleTimeoutSeconds = Given(Timeout) ? parse.GetValue(Timeout) : config?.Timeout,
            TestTimeoutSeconds = Given(TestTimeout) ? parse.GetValue(TestTimeout) : config?.TestTimeout,
            OutputLimitBytes = parse.GetValue(OutputLimit),
            MaxWorkerRestarts = parse.GetValue(MaxRestarts),
            StateDirectory = parse.GetValue(StateDir)?.FullName ?? ".subinterp",
            BothModes = mode == RunPlan.BothModes,
            RepeatLifecycles = parse.GetValue(RepeatLifecycles),
            TestIds = parse.GetValue(Tests) ?? [],
            Keywords = parse.GetValue(Keywords) ?? [],
            Resume = parse.GetValue(Resume),
            CompareProcess = !Given(NoCompareProcess) && (Given(CompareProcess) || (config?.CompareProcess ?? true)),
            ExitPolicy = policy,
            Shard = parse.GetValue(Shard) is { } shard ? ShardSpec.Parse(shard) : null,
        };
        return parse.GetValue(MemoryLimit) is { } memoryLimit ? options with { MemoryLimitMegabytes = memoryLimit } : options;
    }
}
