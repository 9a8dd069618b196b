namespace Subinterp.Runtime.Results;

public sealed class RunReport
{
    public const string SchemaName = "subinterp-report/1";

    public string Schema { get; init; } = SchemaName;
    public required PythonInfo Python { get; init; }
    public required string Mode { get; init; }
    public required string Engine { get; init; }
    public int Jobs { get; init; }
    public double DurationMs { get; set; }
    public List<ModuleResult> Modules { get; init; } = [];
    public RunSummary Summary { get; set; } = new();

    /// <summary>Each extension's initialisation effects on the process, once, with the modules they were seen in.</summary>
    public List<ReportedEffect> ExtensionEffects => ReportedEffect.Of(Modules);

    /// <summary>How busy each run slot was: its modules' time on it against the run's span (the rest it sat idle).</summary>
    public List<SlotBusy> Slots => SlotBusy.Of(Modules);

    /// <summary>What code under test other than the modules (a conftest.py, a helper, a package's import) changed in the process, each once, at its file and line.</summary>
    public List<ReportedCodeEffect> CodeEffects => ReportedCodeEffect.Of(Modules);
    public int ExitCode { get; set; }

    /// <summary>
    /// The findings grouped by cause (<see cref="FindingGroups"/>), each with the modules and tests it
    /// affected, its evidence, and whether it is allowed and fails the run (<see cref="ExitPolicy"/>).
    /// Never read back from a report's JSON: a merged report judges its modules again.
    /// </summary>
    public IReadOnlyList<FindingGroup> Findings
    {
        get => findings ??= ExitPolicy.Default.Judge(this);
        internal set => findings = value;
    }

    private IReadOnlyList<FindingGroup>? findings;

    /// <summary>
    /// Modules re-run alone in a fresh worker to confirm a process change that they and a module
    /// beside them both saw appear (what the worker could not attribute by itself).
    /// </summary>
    public int LeakConfirmations { get; set; }

    /// <summary>
    /// Modules whose failed tests, failed while other modules ran in the same worker, were run again
    /// alone before their result was final (Orchestration/FailedBesideRecheck).
    /// </summary>
    public int FailureRechecks { get; set; }

    /// <summary>The --fail-on terms the exit code was decided with.</summary>
    public IReadOnlyList<string> FailOn { get; set; } = [FindingOrigins.TestCode];

    /// <summary>The allow-list the findings were judged with ([tool.subinterp] allow), so that a merge of shard reports judges them alike.</summary>
    public IReadOnlyList<AllowedFinding> Allow { get; set; } = [];

    /// <summary>--shard: which share of the modules this report holds; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ShardInfo? Shard { get; init; }

    /// <summary>A report merged from shard reports (`subinterp merge`): each shard's share, Python, mode and wall time; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public List<MergedShard>? Shards { get; init; }

    /// <summary>The run was cancelled: modules that had not finished are not-run; the journal can resume it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cancelled { get; init; }
}

public sealed record PythonInfo(string Version, string Executable, string? Library);

public sealed class RunSummary
{
    public int Modules { get; init; }
    public int Tests { get; init; }
    public int Passed { get; init; }
    public int Failed { get; init; }
    public int Errors { get; init; }
    public int Skipped { get; init; }
    public int Xfail { get; init; }
    public int Xpass { get; init; }
    public int Crashed { get; init; }
    public int TimedOut { get; init; }
    public int NotRun { get; init; }
    public SortedDictionary<string, int> Verdicts { get; init; } = new(StringComparer.Ordinal);

    public static RunSummary Of(IReadOnlyCollection<ModuleResult> modules)
    {
        var tests = modules.SelectMany(module => module.Tests).ToList();
        int Count(TestOutcome outcome) => tests.Count(test => test.Outcome == outcome);
        var verdicts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in modules.GroupBy(module => module.Verdict))
        {
            verdicts[ResultNames.Of(group.Key)] = group.Count();
        }
        return new RunSummary
        {
            Modules = modules.Count, Tests = tests.Count, Passed = Count(TestOutcome.Passed), Failed = Count(TestOutcome.Failed),
            Errors = Count(TestOutcome.Error), Skipped = Count(TestOutcome.Skipped), Xfail = Count(TestOutcome.Xfail),
            Xpass = Count(TestOutcome.Xpass), Crashed = Count(TestOutcome.Crashed), TimedOut = Count(TestOutcome.TimedOut),
            NotRun = Count(TestOutcome.NotRun), Verdicts = verdicts,
        };
    }
}
