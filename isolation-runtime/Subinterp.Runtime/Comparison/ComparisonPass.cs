using System.Diagnostics;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Comparison;

/// <summary>
/// --compare-process (on by default): every module that failed, errored, crashed, timed out or was
/// unsafe in a way that broke something runs again in a plain process of the same Python (only its
/// failing tests when it got as far as running tests), and each failure is labelled
/// subinterpreter-only or also-in-process.
/// </summary>
/// <remarks>
/// A module is offered as soon as its result is final, so its comparison runs while the rest of the
/// suite does: one at a time beside the run's slots, then as many at a time as the run had slots
/// once the run is over. Waiting for the end made the slowest compared module (a whole test module
/// whose import broke) a serial tail: on a third of CPython's test suite it was a third of the run.
/// </remarks>
/// <param name="compared">Told each module whose comparison landed (its labels are set), from the comparison's own thread.</param>
internal sealed class ComparisonPass(RunPlan plan, Action<string>? notice, CancellationToken cancellation, Action<Orchestration.TestModule, ModuleResult>? compared = null)
{
    private readonly Dictionary<(string Name, string Path), Orchestration.TestModule> _modules =
        plan.Modules.ToDictionary(module => (module.Name, module.RelativePath));

    private readonly SemaphoreSlim _slots = new(1);
    private readonly List<Task> _running = [];
    private bool _announced;

    /// <summary>Starts the module's comparison when it needs one (a final result only: a provisional one may still change).</summary>
    public void Offer(ModuleResult result)
    {
        if (!ProcessComparison.Applies(result) || !_modules.TryGetValue((result.Module, result.Path), out var module))
        {
            return;
        }
        lock (_running)
        {
            if (!_announced)
            {
                _announced = true;
                notice?.Invoke($"comparing failing modules in a plain process of CPython {plan.Python.VersionText} as they finish (--no-compare-process to skip)");
            }
            _running.Add(CompareAsync(result, module));
        }
    }

    /// <summary>Waits for every comparison, all slots given to them now that the run is over; a cancelled run leaves unfinished ones unlabelled.</summary>
    public async Task FinishAsync(bool cancelled)
    {
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }
        if (!cancelled && plan.Slots > 1)
        {
            _slots.Release(plan.Slots - 1);
        }
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancelled || cancellation.IsCancellationRequested)
        {
            // What was compared keeps its labels; the rest of a cancelled run is not compared.
        }
    }

    private async Task CompareAsync(ModuleResult result, Orchestration.TestModule module)
    {
        await _slots.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var clock = Stopwatch.StartNew();
            var failing = result.Tests.Where(test => VerdictRules.IsFailure(test.Outcome)).Select(test => test.Id).ToList();
            var process = await PlainProcessRun.RunAsync(plan, module, result.Mode, failing.Count > 0 ? failing : null, cancellation).ConfigureAwait(false);
            result.Comparison = ComparisonLabels.Apply(result, process, clock.Elapsed.TotalMilliseconds);
            compared?.Invoke(module, result);
        }
        finally
        {
            _slots.Release();
        }
    }
}
