using Subinterp.Runtime.Comparison;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// What follows a run once every module has its final result: the failing ones are compared in a
/// plain process (--compare-process), then the findings are listed with their causes and the exit
/// code is decided by the exit policy (--fail-on, the allow-list).
/// </summary>
public static class RunCompletion
{
    public static async Task CompleteAsync(RunPlan plan, RunReport report, IRunObserver? observer, CancellationToken cancellation)
    {
        if (plan.Options.CompareProcess && !cancellation.IsCancellationRequested)
        {
            await ComparisonPass.RunAsync(plan, report.Modules, observer is null ? null : observer.Notice, cancellation).ConfigureAwait(false);
        }
        plan.Options.ExitPolicy.Apply(report);
    }
}
