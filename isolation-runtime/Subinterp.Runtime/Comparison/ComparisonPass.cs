using System.Diagnostics;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Comparison;

/// <summary>
/// --compare-process (on by default): once every module has its final result, every module that
/// failed, errored, crashed, timed out or was unsafe in a way that broke something runs again in a
/// plain process of the same Python (only its failing tests when it got as far as running tests),
/// as many at a time as the run had slots, and each failure is labelled subinterpreter-only or
/// also-in-process.
/// </summary>
public static class ComparisonPass
{
    /// <summary>
    /// A module with something to compare: a failing test, a crash, a timeout, a module that could
    /// not be imported (a refused extension that broke the import included). A refusal that broke
    /// nothing is subinterpreter-only by definition (a process never refuses an extension): there
    /// is nothing to run again for it.
    /// </summary>
    public static bool Applies(ModuleResult module) =>
        module.Crash is not null || module.Timeout is not null || module.Error is { Kind: not "fixture" and not "not-run" and not "selection" }
        || module.Tests.Any(test => VerdictRules.IsFailure(test.Outcome) && test.Outcome != TestOutcome.NotRun);

    public static async Task RunAsync(RunPlan plan, IReadOnlyList<ModuleResult> results, Action<string>? notice, CancellationToken cancellation)
    {
        var modules = plan.Modules.ToDictionary(module => (module.Name, module.RelativePath));
        var work = results.Where(Applies).Where(result => modules.ContainsKey((result.Module, result.Path))).ToList();
        if (work.Count == 0)
        {
            return;
        }
        notice?.Invoke($"comparing {work.Count} module(s) in a plain process of CPython {plan.Python.VersionText} (--no-compare-process to skip)");
        using var slots = new SemaphoreSlim(plan.Slots);
        await Task.WhenAll(work.Select(async result =>
        {
            await slots.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                var clock = Stopwatch.StartNew();
                var failing = result.Tests.Where(test => VerdictRules.IsFailure(test.Outcome)).Select(test => test.Id).ToList();
                var process = await PlainProcessRun.RunAsync(plan, modules[(result.Module, result.Path)], result.Mode, failing.Count > 0 ? failing : null, cancellation).ConfigureAwait(false);
                result.Comparison = ComparisonLabels.Apply(result, process, clock.Elapsed.TotalMilliseconds);
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }
}
