using System.Threading.Channels;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Runs work items on worker processes until each has its final result. The run has one slot per
/// job, each a core; a main worker holds a worker slot per run slot for the plan's modules, and a
/// module that must run alone (a crash suspect, a leak to confirm) gets a fresh one-slot worker of
/// its own on the next free run slot, beside the others. One loop, one thread at a time, drives
/// every worker; each job is a class of its own: what runs where (<see cref="Scheduler"/>), the
/// workers (<see cref="WorkerPool"/>), their events (<see cref="LaneEvents"/>), deaths
/// (<see cref="WorkerDeaths"/>), clocks (<see cref="Timeouts"/>), cancellation
/// (<see cref="RunCancellation"/>), and where each result is (<see cref="ResultLifecycle"/>).
/// </summary>
internal sealed class Orchestrator
{
    private readonly ResultLifecycle _lifecycle;
    private readonly WorkerPool _workers;
    private readonly Scheduler _scheduler;
    private readonly LaneEvents _events;
    private readonly WorkerDeaths _deaths;
    private readonly Timeouts _timeouts;
    private readonly RunCancellation _cancellation;
    private readonly ResultPublisher _publisher;
    private readonly ChannelReader<Session.ModuleComparison>? _comparisons;
    private readonly TimeProvider _time;
    private Task<bool>? _comparisonWait;

    /// <param name="cores">The core of each run slot (its length is the number of slots).</param>
    /// <param name="comparisons">Plain-process comparisons finishing while the run goes on: each is published from this loop.</param>
    /// <param name="time">The clock of timeouts and deadlines (tests step a fake one).</param>
    public Orchestrator(RunPlan plan, IWorkerLauncher launcher, ResultPublisher publisher, Journal.RunJournal? journal, IReadOnlyList<int> cores,
        ChannelReader<Session.ModuleComparison>? comparisons = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _publisher = publisher;
        _comparisons = comparisons;
        _lifecycle = new ResultLifecycle(publisher, item => _scheduler!.Requeue(item));
        _workers = new WorkerPool(launcher, _lifecycle, _time);
        _scheduler = new Scheduler(plan, cores, _workers, _lifecycle, _time);
        _events = new LaneEvents(plan, _lifecycle, journal);
        _deaths = new WorkerDeaths(plan, _workers, _scheduler, _lifecycle, _events);
        _timeouts = new Timeouts(plan, _workers, _scheduler, _lifecycle, _events, _deaths, _time);
        _cancellation = new RunCancellation(_workers, _scheduler, _lifecycle, _events);
    }

    /// <summary>Modules re-run alone to confirm a process change that a neighbour saw appear too.</summary>
    public int LeakConfirmations => _lifecycle.LeakConfirmations;

    /// <summary>Modules whose tests failed beside neighbours and were run again alone.</summary>
    public int FailureRechecks => _lifecycle.FailureRechecks;

    /// <summary>Tests found by collect-only items, by result key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Session.ListedTest>> Listed => _lifecycle.Listed;

    /// <summary>The core of each run slot, for a run of this many slots on the given cores.</summary>
    public static IReadOnlyList<int> CoresFor(int slots, IReadOnlyList<int> allowed) =>
        Enumerable.Range(0, slots).Select(i => allowed.Count == 0 ? i : allowed[i % allowed.Count]).ToList();

    internal const int ModulesPerWorker = Scheduler.ModulesPerWorker;

    /// <summary>A result read back from the journal (--resume): final before anything runs.</summary>
    public void Resumed(WorkItem item, ModuleResult result) => _lifecycle.Resumed(item, result);

    /// <summary>
    /// Runs the items (in this order, a mode's items together) until each has its final result, or
    /// until cancelled: then every worker is killed at once and what had not finished is not-run.
    /// </summary>
    /// <returns>True when the run was cancelled.</returns>
    public async Task<bool> RunAsync(IEnumerable<WorkItem> items, CancellationToken cancellation)
    {
        _scheduler.Enqueue(items);
        var cancelled = false;
        var whenCancelled = new TaskCompletionSource();
        using var registration = cancellation.Register(() => whenCancelled.TrySetResult());
        try
        {
            while (true)
            {
                _scheduler.Dispatch();
                if (_scheduler.Empty && _workers.Starting.Count == 0 && !_workers.AnyInFlight && !_lifecycle.AnyAwaitsSettlement)
                {
                    break;
                }
                await WaitAsync(whenCancelled.Task, cancellation).ConfigureAwait(false);
                if (cancellation.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                PublishComparisons();
                await _scheduler.AdoptStartedAsync().ConfigureAwait(false);
                foreach (var lane in _workers.Lanes.ToList())
                {
                    await PumpAsync(lane).ConfigureAwait(false);
                }
                await _timeouts.CheckAsync().ConfigureAwait(false);
                _workers.RetireIdle(_scheduler.PlanDone);
            }
        }
        finally
        {
            if (cancelled)
            {
                await _cancellation.CancelAsync().ConfigureAwait(false);
            }
            foreach (var lane in _workers.Lanes.ToList())
            {
                _workers.Shutdown(lane);
            }
            await _workers.WhenAllEndedAsync().ConfigureAwait(false);
        }
        _lifecycle.StandUnconfirmed("the run ended first");
        PublishComparisons();
        return cancelled;
    }

    private async Task WaitAsync(Task cancelled, CancellationToken cancellation)
    {
        var waits = new List<Task> { cancelled };
        foreach (var lane in _workers.Lanes)
        {
            lane.EventWait ??= lane.Worker.Events.WaitToReadAsync(CancellationToken.None).AsTask();
            waits.Add(lane.EventWait);
        }
        waits.AddRange(_workers.Starting.Select(start => start.Task));
        if (_comparisons is not null)
        {
            // Kept across loop turns, as a lane's event wait is, so that waits do not pile up.
            if (_comparisonWait is { IsCompleted: true })
            {
                _comparisonWait = null;
            }
            _comparisonWait ??= _comparisons.WaitToReadAsync(CancellationToken.None).AsTask();
            waits.Add(_comparisonWait);
        }
        if (_timeouts.WakeAfter() is { } wake)
        {
            waits.Add(Task.Delay(wake > TimeSpan.Zero ? wake : TimeSpan.Zero, _time, cancellation));
        }
        await Task.WhenAny(waits).ConfigureAwait(false);
    }

    /// <summary>Applies every event a worker has queued, until one shows it dead or out of time.</summary>
    private async Task PumpAsync(WorkerLane lane)
    {
        if (lane.EventWait is { IsCompleted: true })
        {
            lane.EventWait = null;
        }
        while (_workers.Lanes.Contains(lane) && lane.Worker.Events.TryRead(out var next))
        {
            switch (_events.Apply(lane, next))
            {
                case LaneEvents.Died died:
                    await _deaths.DiedAsync(lane, died.StoppedFor, died.Closed).ConfigureAwait(false);
                    return;
                case LaneEvents.TimedOut late:
                    await _timeouts.TimedOutAsync(lane, [late.Expiry], late.Stacks, late.WhyNoStacks).ConfigureAwait(false);
                    return;
            }
        }
    }

    private void PublishComparisons()
    {
        while (_comparisons is not null && _comparisons.TryRead(out var compared))
        {
            _publisher.Compared(compared);
        }
    }
}
