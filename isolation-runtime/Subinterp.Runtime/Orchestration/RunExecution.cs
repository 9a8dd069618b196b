using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Runs a plan: one orchestrator pass, or with --mode both two passes, isolated then legacy, each
/// on its own workers (so that what one mode loaded never changes what the other sees). Their
/// reports become one: every module appears once per mode, each entry carrying its `mode`, and
/// the report's mode is "both".
/// </summary>
public static class RunExecution
{
    public const string BothModes = "both";

    public static async Task<RunReport> RunAsync(RunPlan plan, IRunObserver? observer = null, CancellationToken cancellation = default)
    {
        var report = await RunModesAsync(plan, observer, cancellation).ConfigureAwait(false);
        await RunCompletion.CompleteAsync(plan, report, observer, cancellation).ConfigureAwait(false);
        return report;
    }

    private static async Task<RunReport> RunModesAsync(RunPlan plan, IRunObserver? observer, CancellationToken cancellation)
    {
        if (!plan.Options.BothModes)
        {
            return await new Orchestrator(plan, observer).RunAsync(cancellation).ConfigureAwait(false);
        }
        var reports = new List<RunReport>();
        foreach (var mode in new[] { InterpreterMode.Isolated, InterpreterMode.Legacy })
        {
            // BothModes stays set: renderers use it to count both passes; the orchestrator runs the one mode.
            var single = plan with { Options = plan.Options with { Mode = mode } };
            reports.Add(await new Orchestrator(single, observer).RunAsync(cancellation).ConfigureAwait(false));
        }
        var modules = reports.SelectMany(report => report.Modules)
            .OrderBy(m => m.Module, StringComparer.Ordinal).ThenBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Mode)
            .ToList();
        return new RunReport
        {
            Python = reports[0].Python,
            Mode = BothModes,
            Engine = reports[0].Engine,
            Jobs = reports[0].Jobs,
            Modules = modules,
            Summary = RunSummary.Of(modules),
            DurationMs = reports.Sum(report => report.DurationMs),
        };
    }
}
