using System.Diagnostics;
using System.Threading.Channels;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runtime.Comparison;

/// <summary>
/// --compare-process (on by default): every module that failed, errored, crashed, timed out or was
/// unsafe in a way that broke something runs again in a plain process of the same Python (only its
/// failing tests when it got as far as running tests), and each failure is labelled
/// subinterpreter-only or also-in-process. Each comparison is an event of its own
/// (<see cref="ISessionObserver.ModuleCompared"/>): the module's published result is only read.
/// </summary>
/// <remarks>
/// A module is offered as soon as its result is final, so its comparison runs while the rest of the
/// suite does: one at a time beside the run's slots, then as many at a time as the run had slots
/// once the run is over. Waiting for the end made the slowest compared module (a whole test module
/// whose import broke) a serial tail: on a third of CPython's test suite it was a third of the run.
/// The processes run on the thread pool; what they find waits in <see cref="Done"/> until the
/// orchestrator's loop (or <see cref="FinishAsync"/>, after it) publishes it, one thread at a time.
/// </remarks>
internal sealed class ComparisonPass(RunPlan plan, Action<string>? notice, CancellationToken cancellation)
{
    private readonly SemaphoreSlim _slots = new(1);
    private readonly List<Task> _running = [];
    private readonly Channel<ModuleComparison> _done = Channel.CreateUnbounded<ModuleComparison>();
    private bool _announced;

    /// <summary>Comparisons that have run and are not published yet.</summary>
    public ChannelReader<ModuleComparison> Done => _done.Reader;

    /// <summary>Starts the module's comparison when it needs one (a final result only: a provisional one may still change).</summary>
    public void Offer(WorkItem item, ModuleResult result)
    {
        if (!ProcessComparison.Applies(result))
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
            _running.Add(CompareAsync(item.Module, result));
        }
    }

    /// <summary>
    /// Waits for every comparison, all slots given to them now that the run is over, and publishes
    /// each as it ends; a cancelled run leaves unfinished ones out.
    /// </summary>
    public async Task FinishAsync(bool cancelled, Action<ModuleComparison> publish)
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
        var all = Task.WhenAll(running);
        while (true)
        {
            while (_done.Reader.TryRead(out var compared))
            {
                publish(compared);
            }
            if (all.IsCompleted)
            {
                break;
            }
            await Task.WhenAny(all, _done.Reader.WaitToReadAsync().AsTask()).ConfigureAwait(false);
        }
        try
        {
            await all.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancelled || cancellation.IsCancellationRequested)
        {
            // What was compared keeps its labels; the rest of a cancelled run is not compared.
        }
        while (_done.Reader.TryRead(out var last))
        {
            publish(last);
        }
    }

    private async Task CompareAsync(TestModule module, ModuleResult result)
    {
        await _slots.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var clock = Stopwatch.StartNew();
            var failing = result.Tests.Where(test => VerdictRules.IsFailure(test.Outcome)).Select(test => test.Id).ToList();
            var process = await PlainProcessRun.RunAsync(plan, module, result.Mode, failing.Count > 0 ? failing : null, cancellation).ConfigureAwait(false);
            _done.Writer.TryWrite(new ModuleComparison(module, result.Mode, ComparisonLabels.Apply(result, process, clock.Elapsed.TotalMilliseconds)));
        }
        finally
        {
            _slots.Release();
        }
    }
}
