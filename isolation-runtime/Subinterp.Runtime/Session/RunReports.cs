using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Session;

/// <summary>The report of a session's run: every final result, sorted as the report contract says.</summary>
internal static class RunReports
{
    /// <param name="durations">The durations recorded in this run, for a shard report.</param>
    public static RunReport Build(RunPlan plan, IEnumerable<ModuleResult> results, double durationMs, bool cancelled, IReadOnlyDictionary<string, double>? durations = null)
    {
        var modules = results
            .OrderBy(m => m.Module, StringComparer.Ordinal).ThenBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Mode)
            .ToList();
        var report = new RunReport
        {
            Python = new PythonInfo(plan.Python.VersionText, plan.Python.Executable, plan.Python.Library),
            Mode = plan.ModeName,
            Engine = plan.Engine,
            Jobs = plan.Slots,
            Modules = modules,
            Summary = RunSummary.Of(modules),
            DurationMs = durationMs,
            Cancelled = cancelled,
            Shard = plan.Shard is { } shard
                ? shard with { Modules = ModuleNames(plan.Modules), Durations = new SortedDictionary<string, double>(durations?.ToDictionary() ?? [], StringComparer.Ordinal) }
                : null,
        };
        // The findings with their causes, and the exit code they make (--fail-on, the allow-list).
        plan.Options.ExitPolicy.Apply(report);
        return report;
    }

    /// <summary>Each final result as the report shows it: a compared module's with its comparison (a copy: the result stays as published).</summary>
    public static IEnumerable<ModuleResult> Compared(IReadOnlyDictionary<string, ModuleResult> final, IReadOnlyDictionary<string, ProcessComparison> comparisons) =>
        final.Select(entry => comparisons.TryGetValue(entry.Key, out var comparison) ? entry.Value.WithComparison(comparison) : entry.Value);

    /// <summary>Module names as a shard report lists them: sorted, one per module (not per mode).</summary>
    public static IReadOnlyList<string> ModuleNames(IEnumerable<TestModule> modules) =>
        modules.Select(module => module.Name).Order(StringComparer.Ordinal).ToList();
}
