using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Journal;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Session;

/// <summary>
/// The one way into the runtime for every front door (the CLI, the VSTest adapter, the matrix):
/// a request is validated once, planned (Python found, modules discovered, engine chosen, --test
/// resolved), then run or listed, with every event streamed to one observer. `--mode both`,
/// crash quarantine, leak confirmation, the journal and --resume all happen in here.
/// </summary>
public sealed class TestSession
{
    private readonly ISessionObserver _observer;
    private readonly JournalContents? _resumed;
    private readonly IWorkerLauncher _launcher;
    private readonly Task _prepared;

    private TestSession(RunPlan plan, ISessionObserver observer, JournalContents? resumed, IWorkerLauncher launcher, Task prepared)
    {
        Plan = plan;
        _observer = observer;
        _resumed = resumed;
        _launcher = launcher;
        _prepared = prepared;
    }

    public RunPlan Plan { get; }

    /// <summary>Validates the request and plans it. Nothing runs yet.</summary>
    /// <param name="headStart">A worker started before this call (<see cref="WorkerHeadStart"/>): the session's first worker
    /// is that one, told the Python it finds. The caller still disposes of it when done with the session.</param>
    /// <exception cref="RunSetupException">Bad input or environment; the message names the problem and the fix.</exception>
    public static TestSession Open(RunOptions options, ISessionObserver? observer = null, PythonLocator? locator = null, WorkerHeadStart? headStart = null) =>
        Open(options, observer, locator, plan => new WorkerProcessLauncher(plan, headStart));

    private static TestSession Open(RunOptions options, ISessionObserver? observer, PythonLocator? locator, Func<RunPlan, IWorkerLauncher> launcher)
    {
        observer ??= new SilentObserver();
        RequestValidation.Validate(options);
        // While Python is found and the run planned, another thread configures the contracts of the
        // messages and records a run writes before its first module: the worker's configuration and
        // the journal's header were ~3 ms of the path to the worker's configuration.
        var prepared = Task.Run(() =>
        {
            ProtocolCodec.Prepare();
            RunJournal.Prepare();
        }, CancellationToken.None);
        if (options.Resume)
        {
            var (plan, resumed) = ResumePlan.Prepare(options, observer.Notice, locator);
            return new TestSession(plan, observer, resumed, launcher(plan), prepared);
        }
        var planned = RunPlanner.Plan(options, observer.Notice, locator);
        if (options.TestIds.Count > 0)
        {
            var (modules, selected) = TestIdSelection.Resolve(planned.Modules, options.TestIds);
            planned = planned with { Modules = modules, Selected = selected };
        }
        if (options.Shard is { } shard)
        {
            planned = ShardOf(planned, shard, observer);
        }
        return new TestSession(planned, observer, null, launcher(planned), prepared);
    }

    /// <summary>--shard i/N: the i-th duration-balanced share of the planned modules, in plan order.</summary>
    private static RunPlan ShardOf(RunPlan plan, ShardSpec shard, ISessionObserver observer)
    {
        var shares = ShardPartition.Split(plan.Modules, shard.Count, module => plan.Remembered.TryGetValue(module.Key, out var ms) ? ms : null);
        var mine = shares[shard.Index - 1];
        var known = plan.Modules.Count(module => plan.Remembered.ContainsKey(module.Key));
        observer.Notice($"--shard {shard}: {mine.Count} of {plan.Modules.Count} modules" +
            (known == 0 ? " (no remembered durations: shared out by name)" : $" (balanced on the durations of {known} module(s) remembered in {plan.Options.StateDirectory})"));
        var keys = mine.Select(module => module.Key).ToHashSet(StringComparer.Ordinal);
        return plan with
        {
            Modules = mine,
            Selected = plan.Selected?.Where(entry => keys.Contains(entry.Key)).ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal),
            Shard = new ShardInfo(shard.Index, shard.Count, plan.Modules.Count, mine.Count, RunReports.ModuleNames(mine)),
        };
    }

    /// <summary>
    /// Runs the plan. Cancellation stops every worker at once; the report then holds what finished,
    /// the rest is not-run and <see cref="RunReport.Cancelled"/> is set (the journal stays open for --resume).
    /// </summary>
    /// <exception cref="RunSetupException">Before anything ran: -k matched nothing, or no worker could start.</exception>
    public async Task<RunReport> RunAsync(CancellationToken cancellation = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var plan = Plan.Options.Keywords.Count > 0 && _resumed is null ? await SelectByKeywordsAsync(cancellation).ConfigureAwait(false) : Plan;
        _observer.RunStarted(plan);
        using var journal = _resumed is null ? RunJournal.Create(plan) : RunJournal.Continue(plan.Options.StateDirectory);
        var history = DurationHistory.Load(plan.Options.StateDirectory);
        var comparisons = plan.Options.CompareProcess ? new Comparison.ComparisonPass(plan, _observer.Notice, cancellation) : null;
        var publisher = new ResultPublisher(_observer, journal, history, comparisons is null ? null : comparisons.Offer);
        using var cores = ClaimCores(plan);
        var orchestrator = new Orchestrator(plan, _launcher, publisher, journal, cores.Cores, comparisons?.Done);
        var items = Items(plan, WorkPurpose.Main).ToList();
        if (_resumed is not null)
        {
            var done = items.Where(item => _resumed.Results.ContainsKey(item.Key)).ToList();
            foreach (var item in done)
            {
                orchestrator.Resumed(item, _resumed.Results[item.Key]);
                // A killed run never saved its durations; the journal has them.
                history.Record(item.Module, _resumed.Results[item.Key].DurationMs);
            }
            items = items.Except(done).ToList();
            _observer.Notice($"resuming: {done.Count} of {done.Count + items.Count} module runs already have results; running the other {items.Count}");
        }
        var cancelled = await orchestrator.RunAsync(items, cancellation).ConfigureAwait(false);
        await _prepared.ConfigureAwait(false);
        if (comparisons is not null)
        {
            // The failing modules' runs in a plain process started as each finished; the last ones get every slot now.
            await comparisons.FinishAsync(cancelled, publisher.Compared).ConfigureAwait(false);
        }
        if (!cancelled)
        {
            journal.End();
        }
        // Every shard must share out the modules from the same durations: a shard's go into its report, and merge remembers them.
        if (plan.Shard is null)
        {
            history.Save();
        }
        var report = RunReports.Build(plan, RunReports.Compared(publisher.Final, publisher.Comparisons), clock.Elapsed.TotalMilliseconds, cancelled, history.Recorded);
        report.LeakConfirmations = orchestrator.LeakConfirmations;
        report.FailureRechecks = orchestrator.FailureRechecks;
        _observer.RunFinished(report);
        return report;
    }

    /// <summary>Collects every planned module in a fresh interpreter (same isolation, same engine) and runs no test.</summary>
    /// <remarks>With -k, only the matching tests are listed (and modules that could not be collected, with why).</remarks>
    public async Task<TestListing> ListAsync(CancellationToken cancellation = default)
    {
        var (listing, _) = await CollectAsync(Plan, everyMode: true, _observer, cancellation).ConfigureAwait(false);
        var keywords = Plan.Options.Keywords;
        if (keywords.Count == 0)
        {
            return listing;
        }
        var matching = listing.Modules
            .Select(m => m with { Tests = m.Tests.Where(t => KeywordSelection.Matches(keywords, t.Id)).ToList() })
            .Where(m => m.Error is not null || m.Tests.Count > 0)
            .ToList();
        return new TestListing { Python = listing.Python, Mode = listing.Mode, Engine = listing.Engine, Modules = matching };
    }

    /// <param name="everyMode">Collect in each mode the plan runs (a listing: `--mode both` lists what each mode collects); else in its first only (-k's pass).</param>
    private async Task<(TestListing Listing, bool Cancelled)> CollectAsync(RunPlan plan, bool everyMode, ISessionObserver observer, CancellationToken cancellation)
    {
        var collect = plan with { Options = plan.Options with { BothModes = everyMode && plan.Options.BothModes, RepeatLifecycles = 1 } };
        var publisher = new ResultPublisher(observer, journal: null, history: null);
        using var cores = ClaimCores(collect);
        var orchestrator = new Orchestrator(collect, _launcher, publisher, journal: null, cores.Cores);
        var cancelled = await orchestrator.RunAsync(Items(collect, WorkPurpose.Collect), cancellation).ConfigureAwait(false);
        var modules = collect.Modules.Select(module => Listed(module, collect.Modes.Select(mode =>
        {
            var key = ResultKey.Of(module, mode);
            return (mode, ListingError(publisher.Final.GetValueOrDefault(key)), orchestrator.Listed.GetValueOrDefault(key) ?? []);
        }).ToList())).OrderBy(m => m.Module, StringComparer.Ordinal).ThenBy(m => m.Path, StringComparer.Ordinal).ToList();
        var listing = new TestListing
        {
            Python = new PythonInfo(plan.Python.VersionText, plan.Python.Executable, plan.Python.Library),
            Mode = collect.ModeName, Engine = plan.Engine, Modules = modules,
        };
        return (listing, cancelled);
    }

    /// <summary>A module as each mode collected it: every test any mode found, and an error that says which mode had it when not all did.</summary>
    private static ListedModule Listed(TestModule module, IReadOnlyList<(InterpreterMode Mode, ModuleError? Error, IReadOnlyList<ListedTest> Tests)> modes)
    {
        var tests = modes.SelectMany(mode => mode.Tests).DistinctBy(test => test.Id, StringComparer.Ordinal).ToList();
        var failed = modes.Where(mode => mode.Error is not null).ToList();
        var error = failed.Count == 0 ? null
            : failed.Count == modes.Count ? failed[0].Error
            : failed[0].Error! with { Message = $"in {failed[0].Mode.Name()} mode only: {failed[0].Error!.Message}" };
        return new ListedModule(module.Name, module.RelativePath, module.FullPath, module.Root, error, tests);
    }

    private static ModuleError? ListingError(ModuleResult? result) => result switch
    {
        null => new ModuleError("not-run", "not collected", null),
        { Crash: { } crash } => new ModuleError("crash", $"collecting it crashed the interpreter: {crash.Reason}", crash.Traceback),
        { Timeout: { } timeout } => new ModuleError("timeout", $"collecting it took longer than {timeout.LimitSeconds:0.###} s", timeout.Stacks),
        { Error: { } error } => error,
        _ => null,
    };

    /// <summary>-k: lists the modules whose name does not already match, and keeps those that hold a matching test.</summary>
    private async Task<RunPlan> SelectByKeywordsAsync(CancellationToken cancellation)
    {
        var keywords = Plan.Options.Keywords;
        var byName = Plan.Modules.Where(module => KeywordSelection.Matches(keywords, module.Name)).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var toList = Plan with { Modules = Plan.Modules.Where(module => !byName.Contains(module.Key)).ToList() };
        var selected = new Dictionary<string, IReadOnlyList<string>>(Plan.Selected ?? new Dictionary<string, IReadOnlyList<string>>(), StringComparer.Ordinal);
        var keep = new HashSet<string>(byName, StringComparer.Ordinal);
        var broken = new List<string>();
        if (toList.Modules.Count > 0)
        {
            _observer.Notice($"-k {string.Join(" -k ", keywords)}: collecting {toList.Modules.Count} module(s) to find the matching tests");
            var (listing, cancelled) = await CollectAsync(toList, everyMode: false, new NoticesOnly(_observer), cancellation).ConfigureAwait(false);
            if (cancelled)
            {
                throw new OperationCanceledException(cancellation);
            }
            foreach (var listed in listing.Modules)
            {
                var key = listed.FullPath;
                var ids = listed.Tests.Select(t => t.Id).Where(id => KeywordSelection.Matches(keywords, id)).ToList();
                if (Plan.SelectionOf(Plan.Modules.First(m => m.Key == key)) is { } already)
                {
                    ids = ids.Where(id => already.Any(s => id == s || id.StartsWith(s + ".", StringComparison.Ordinal) || id.StartsWith(s + "[", StringComparison.Ordinal))).ToList();
                }
                if (listed.Error is not null)
                {
                    // Never hidden: a module that cannot be collected runs, and says why.
                    keep.Add(key);
                    broken.Add(listed.Module);
                    selected.Remove(key);
                }
                else if (ids.Count > 0)
                {
                    keep.Add(key);
                    if (ids.Count == listed.Tests.Count)
                    {
                        selected.Remove(key);
                    }
                    else
                    {
                        selected[key] = ids;
                    }
                }
            }
        }
        if (broken.Count > 0)
        {
            _observer.Notice($"-k: {string.Join(", ", broken)} could not be collected, so they run to show why");
        }
        if (keep.Count == broken.Count)
        {
            throw new RunSetupException($"-k {string.Join(" -k ", keywords)}: no test id matches among the {Plan.Modules.Count} module(s) found " +
                "(matching is case-insensitive on the whole dotted id; see the ids with `subinterp list`).");
        }
        return Plan with { Modules = Plan.Modules.Where(m => keep.Contains(m.Key)).ToList(), Selected = selected };
    }

    private static IEnumerable<WorkItem> Items(RunPlan plan, WorkPurpose purpose) =>
        plan.Modes.SelectMany(mode => plan.Modules.Select(module => new WorkItem(module, mode, purpose, plan.SelectionOf(module))));

    private static CoreClaims ClaimCores(RunPlan plan) =>
        CoreClaims.Take(plan.Slots, ThreadAffinity.AllowedCores(), CoreClaims.Folder(Environment.GetEnvironmentVariable));

    private sealed class SilentObserver : ISessionObserver;

    /// <summary>A collection pass inside a run: its notices matter, its modules are not the run's.</summary>
    private sealed class NoticesOnly(ISessionObserver inner) : ISessionObserver
    {
        public void Notice(string message) => inner.Notice(message);
    }
}
