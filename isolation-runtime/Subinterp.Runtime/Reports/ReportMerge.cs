using System.Text.Json;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Reports;

/// <summary>
/// `subinterp merge`: the reports of `run --shard 1/N` ... `--shard N/N` (one per CI machine) as
/// the report of one run. It refuses a set that is not one whole run: a shard missing or given
/// twice, a shard that was cancelled or whose report lacks modules it was given, shards planned
/// differently (a module in two shards, or in none), and shards run with different Pythons, modes
/// or engines unless mixing is asked for.
/// </summary>
public static class ReportMerge
{
    public const string Mixed = "mixed";

    /// <summary>A shard report as given on the command line.</summary>
    public sealed record Input(string Name, RunReport Report);

    /// <summary>Reads a shard report, saying plainly when the file is missing, cut short or not a report.</summary>
    /// <exception cref="ReportMergeException">The file cannot be read as a subinterp report.</exception>
    public static Input Read(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new ReportMergeException([$"{path}: no such file (did that shard's `subinterp run --shard i/N --json {name}` run and its file reach this machine?)"]);
        }
        try
        {
            var report = JsonReportWriter.Read(path);
            if (report.Schema != RunReport.SchemaName)
            {
                throw new ReportMergeException([$"{path}: schema '{report.Schema}' is not {RunReport.SchemaName}: give the --json reports of `subinterp run`"]);
            }
            return new Input(path, report);
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ReportMergeException([$"{path}: not a complete subinterp report{where}: {error.Message.Split(" Path:", 2)[0]} " +
                "A report cut short means its shard did not finish writing it (killed, out of disk, an interrupted upload): run that shard again."]);
        }
    }

    /// <param name="allowMixed">Merge shards run with different Pythons, modes or engines (the report says "mixed").</param>
    /// <exception cref="ReportMergeException">The reports are not one whole run; every problem is listed.</exception>
    public static RunReport Merge(IReadOnlyList<Input> inputs, bool allowMixed)
    {
        if (inputs.Count == 0)
        {
            throw new ReportMergeException(["give the shard reports to merge: subinterp merge shard1.json shard2.json ... --json all.json"]);
        }
        var problems = new List<string>();
        var notShards = inputs.Where(input => input.Report.Shard is null).ToList();
        foreach (var input in notShards)
        {
            problems.Add($"{input.Name} is not a shard report (it was run without --shard): merge takes the reports of `subinterp run --shard i/N --json FILE`, one per shard");
        }
        var shards = inputs.Where(input => input.Report.Shard is not null).Select(input => (input.Name, input.Report, Shard: input.Report.Shard!)).ToList();
        if (shards.Count == 0)
        {
            throw new ReportMergeException(problems);
        }
        var counts = shards.Select(s => s.Shard.Count).Distinct().ToList();
        if (counts.Count > 1)
        {
            problems.Add($"the reports come from different splits: {string.Join(", ", shards.Select(s => $"{s.Name} is shard {s.Shard}"))}; merge the reports of one split (--shard i/N with the same N)");
            throw new ReportMergeException(problems);
        }
        var count = counts[0];
        foreach (var twice in shards.GroupBy(s => s.Shard.Index).Where(group => group.Count() > 1))
        {
            problems.Add($"shard {twice.Key}/{count} is given twice ({string.Join(", ", twice.Select(s => s.Name))}): give each shard's report once");
        }
        var missing = Enumerable.Range(1, count).Where(index => shards.All(s => s.Shard.Index != index)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{Plural(missing.Count, "shard")} {string.Join(", ", missing.Select(index => $"{index}/{count}"))} {(missing.Count == 1 ? "is" : "are")} missing " +
                $"(got {string.Join(", ", shards.OrderBy(s => s.Shard.Index).Select(s => $"{s.Shard} from {s.Name}"))}): " +
                "give every shard's report; a shard that did not run must be run (`subinterp run --shard i/N --json FILE`)");
        }
        CheckSameRun(shards, allowMixed, problems);
        foreach (var (name, report, shard) in shards.OrderBy(s => s.Shard.Index))
        {
            CheckFinished(name, report, shard, problems);
        }
        CheckPartition(shards, problems);
        if (problems.Count > 0)
        {
            throw new ReportMergeException(problems);
        }
        return Merged(shards);
    }

    /// <summary>
    /// Remembers what every module took in the shards, in this state folder's durations: shard runs
    /// leave their own machine's durations as they were, so that the next round of shards, given
    /// the durations the merge job remembered (a CI cache), shares out the modules by them.
    /// </summary>
    /// <returns>How many durations were remembered.</returns>
    public static int RememberDurations(IEnumerable<Input> inputs, string stateDirectory)
    {
        var history = Orchestration.DurationHistory.Load(stateDirectory);
        foreach (var (key, milliseconds) in inputs.SelectMany(input => input.Report.Shard?.Durations ?? new Dictionary<string, double>()))
        {
            history.Record(key, milliseconds);
        }
        history.Save();
        return history.Recorded.Count;
    }

    private static void CheckSameRun(List<(string Name, RunReport Report, ShardInfo Shard)> shards, bool allowMixed, List<string> problems)
    {
        if (shards.Select(s => s.Shard.Total).Distinct().Count() > 1)
        {
            problems.Add($"the shards saw different test suites ({string.Join(", ", shards.Select(s => $"shard {s.Shard} shared out {s.Shard.Total} modules"))}): " +
                "run every shard on the same checkout with the same paths, --pattern and --test");
        }
        if (allowMixed)
        {
            return;
        }
        void Same(string what, Func<RunReport, string> of)
        {
            if (shards.Select(s => of(s.Report)).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                problems.Add($"the shards ran with different {what}: {string.Join(", ", shards.Select(s => $"shard {s.Shard} ({s.Name}) {of(s.Report)}"))}; " +
                    "run every shard the same way, or pass --allow-mixed to merge them anyway");
            }
        }
        Same("Pythons", report => $"CPython {report.Python.Version}");
        Same("modes", report => report.Mode);
        Same("engines", report => report.Engine);
    }

    /// <summary>A cancelled shard, or a report without a result for every module (and mode) it was given.</summary>
    private static void CheckFinished(string name, RunReport report, ShardInfo shard, List<string> problems)
    {
        if (report.Cancelled)
        {
            var notRun = report.Modules.Where(m => m.Error?.Kind == "not-run" || m.Tests.Any(t => t.Outcome == TestOutcome.NotRun)).Select(m => m.Module).Distinct().ToList();
            problems.Add($"shard {shard} ({name}) did not finish: it was cancelled{(notRun.Count > 0 ? $" with {Plural(notRun.Count, "module")} not run or cut short ({Few(notRun)})" : "")}; " +
                "finish it with `subinterp run --resume --json FILE` on its machine (same --state-dir) and merge the new report");
        }
        var modes = report.Mode == Orchestration.RunPlan.BothModes ? 2 : 1;
        var expected = shard.Modules.GroupBy(m => m, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count() * modes, StringComparer.Ordinal);
        var found = report.Modules.GroupBy(m => m.Module, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var lacking = expected.Where(entry => found.GetValueOrDefault(entry.Key) < entry.Value).Select(entry => entry.Key).Order(StringComparer.Ordinal).ToList();
        if (lacking.Count > 0)
        {
            problems.Add($"shard {shard} ({name}) lacks the results of {Plural(lacking.Count, "module")} it was given ({Few(lacking)}): its report is incomplete; run that shard again");
        }
        var foreign = found.Keys.Where(module => !expected.ContainsKey(module)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
        {
            problems.Add($"shard {shard} ({name}) holds {Plural(foreign.Count, "module")} its plan does not list ({Few(foreign)}): the report was altered; run that shard again");
        }
    }

    /// <summary>Shards planned from different remembered durations put a module in two shards, or in none.</summary>
    private static void CheckPartition(List<(string Name, RunReport Report, ShardInfo Shard)> shards, List<string> problems)
    {
        const string fix = "the shards were planned from different remembered durations: give every shard the same .subinterp/durations.json (restore one cache on all of them, or none)";
        var twice = shards
            .SelectMany(s => s.Shard.Modules.Distinct(StringComparer.Ordinal).Select(module => (Module: module, s.Shard)))
            .GroupBy(entry => entry.Module, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key} (shards {string.Join(", ", group.Select(entry => entry.Shard.ToString()))})")
            .ToList();
        if (twice.Count > 0)
        {
            problems.Add($"{Plural(twice.Count, "module")} ran in more than one shard: {Few(twice)}; {fix}");
        }
        var total = shards[0].Shard.Total;
        var assigned = shards.DistinctBy(s => s.Shard.Index).Sum(s => s.Shard.Assigned);
        if (twice.Count == 0 && shards.DistinctBy(s => s.Shard.Index).Count() == shards[0].Shard.Count && assigned != total)
        {
            problems.Add($"the shards were given {assigned} of the {total} modules between them, so {Plural(Math.Abs(total - assigned), "module")} ran in no shard or in two; {fix}");
        }
    }

    private static RunReport Merged(List<(string Name, RunReport Report, ShardInfo Shard)> shards)
    {
        var ordered = shards.OrderBy(s => s.Shard.Index).ToList();
        var modules = ordered.SelectMany(s => s.Report.Modules)
            .OrderBy(m => m.Module, StringComparer.Ordinal).ThenBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Mode)
            .ToList();
        string Common(Func<RunReport, string> of) =>
            ordered.Select(s => of(s.Report)).Distinct(StringComparer.Ordinal).ToList() is [var one] ? one : Mixed;
        var merged = new RunReport
        {
            Python = ordered[0].Report.Python,
            Mode = Common(report => report.Mode),
            Engine = Common(report => report.Engine),
            Jobs = ordered.Max(s => s.Report.Jobs),
            // The shards ran side by side on their own machines: the run took as long as the longest.
            DurationMs = ordered.Max(s => s.Report.DurationMs),
            Modules = modules,
            Summary = RunSummary.Of(modules),
            LeakConfirmations = ordered.Sum(s => s.Report.LeakConfirmations),
            FailureRechecks = ordered.Sum(s => s.Report.FailureRechecks),
            Shards =
            [
                .. ordered.Select(s => new MergedShard(s.Shard.Index, s.Shard.Count, Path.GetFileName(s.Name), s.Report.Python, s.Report.Mode, s.Report.Engine,
                    s.Report.Jobs, s.Report.DurationMs, s.Shard.Modules)),
            ],
        };
        // Judged again as one run, with the --fail-on and allow-list the shards ran with.
        ExitPolicy.Parse(ordered[0].Report.FailOn, [.. ordered[0].Report.Allow]).Apply(merged);
        return merged;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>The first few names, and how many more.</summary>
    private static string Few(IReadOnlyList<string> names) =>
        names.Count <= 5 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(5))} and {names.Count - 5} more";
}
