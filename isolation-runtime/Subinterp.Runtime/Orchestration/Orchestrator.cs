using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Runs work items on worker processes and folds their streamed events into results. The run has
/// one slot per job, each a core; a main worker holds a slot per core for the plan's modules, and a
/// module that must run alone (a crash suspect, a leak to confirm) gets a fresh one-slot worker of
/// its own on the next free core, beside the others, instead of waiting for the end. One loop,
/// one thread at a time, drives every worker; the jobs are split by file: scheduling here, events
/// in <c>Orchestrator.Events.cs</c>, deaths and timeouts in <c>Orchestrator.Deaths.cs</c>,
/// confirmation of leaks in <see cref="LeakConfirmation"/>, results in <see cref="ResultPublisher"/>.
/// </summary>
internal sealed partial class Orchestrator
{
    // A module whose worker died while its interpreter was being created ran no code: it is run
    // again, but not forever.
    private const int MaxInnocentRetries = 2;

    private readonly RunPlan _plan;
    private readonly IWorkerLauncher _launcher;
    private readonly ResultPublisher _publisher;
    private readonly Journal.RunJournal? _journal;
    private readonly IReadOnlyList<int> _cores;
    private readonly MemoryWatchdog _memory;
    private readonly LeakConfirmation _leaks;
    private readonly LinkedList<WorkItem> _mainQueue = new();
    private readonly Queue<WorkItem> _aloneQueue = new();
    private readonly List<WorkerLane> _lanes = [];
    private readonly List<PendingLaunch> _starting = [];
    private readonly List<Task> _shuttingDown = [];
    private readonly Dictionary<string, CrashGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _innocentRetries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Session.ListedTest>> _listed = new(StringComparer.Ordinal);
    private WorkerLane? _mainLane;
    private Task _cancelled = Task.CompletedTask;
    private DateTime _nextMemorySample;
    private string? _stopReason;
    private int _seq;
    private int _deaths;

    private sealed record PendingLaunch(Task<IWorker> Task, WorkerLaunch Launch, IReadOnlyList<int> Positions, WorkItem? AloneItem);

    /// <param name="cores">The core of each run slot (its length is the number of slots).</param>
    public Orchestrator(RunPlan plan, IWorkerLauncher launcher, ResultPublisher publisher, Journal.RunJournal? journal, IReadOnlyList<int> cores)
    {
        _plan = plan;
        _launcher = launcher;
        _publisher = publisher;
        _journal = journal;
        _cores = cores;
        _memory = new MemoryWatchdog(plan.Options.MemoryLimitMegabytes);
        _leaks = new LeakConfirmation(publisher);
    }

    private Session.ISessionObserver Observer => _publisher.Observer;

    /// <summary>Modules re-run alone to confirm a process change that a neighbour saw appear too.</summary>
    public int LeakConfirmations => _leaks.Requested;

    /// <summary>Tests found by collect-only items, by result key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Session.ListedTest>> Listed => _listed;

    /// <summary>The core positions of a run of this many slots, each on one of the given cores.</summary>
    public static IReadOnlyList<int> CoresFor(int slots, IReadOnlyList<int> allowed) =>
        Enumerable.Range(0, slots).Select(i => allowed.Count == 0 ? i : allowed[i % allowed.Count]).ToList();

    /// <summary>
    /// Runs the items (in this order, a mode's items together) until each has its final result, or
    /// until cancelled: then every worker is killed at once and what had not finished is not-run.
    /// </summary>
    /// <returns>True when the run was cancelled.</returns>
    public async Task<bool> RunAsync(IEnumerable<WorkItem> items, CancellationToken cancellation)
    {
        foreach (var item in items)
        {
            _mainQueue.AddLast(item);
        }
        var cancelled = false;
        var whenCancelled = new TaskCompletionSource();
        using var registration = cancellation.Register(() => whenCancelled.TrySetResult());
        _cancelled = whenCancelled.Task;
        try
        {
            while (true)
            {
                Dispatch();
                if (_mainQueue.Count == 0 && _aloneQueue.Count == 0 && _starting.Count == 0 && _lanes.All(lane => lane.InFlight.Count == 0 && lane.AwaitingSettlement.Count == 0))
                {
                    break;
                }
                if (!await WaitAsync(cancellation).ConfigureAwait(false))
                {
                    cancelled = true;
                    break;
                }
                await CollectStartedAsync().ConfigureAwait(false);
                foreach (var lane in _lanes.ToList())
                {
                    await PumpAsync(lane).ConfigureAwait(false);
                }
                await CheckClocksAsync().ConfigureAwait(false);
                await RetireIdleLanesAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (cancelled)
            {
                await CancelAsync().ConfigureAwait(false);
            }
            foreach (var lane in _lanes.ToList())
            {
                Shutdown(lane);
            }
            await Task.WhenAll(_shuttingDown).ConfigureAwait(false);
        }
        _leaks.StandUnconfirmed("the run ended first");
        return cancelled;
    }

    // -- scheduling -------------------------------------------------------------------------------

    /// <summary>Gives every free core work: a module that must run alone first, else the next module of the plan.</summary>
    private void Dispatch()
    {
        if (_stopReason is not null)
        {
            return;
        }
        for (var position = 0; position < _cores.Count; position++)
        {
            if (Busy(position))
            {
                continue;
            }
            if (_aloneQueue.TryDequeue(out var alone))
            {
                Launch(new WorkerLaunch(1, [_cores[position]], alone.Mode), [position], alone);
                continue;
            }
            if (_mainQueue.First?.Value is not { } next)
            {
                continue;
            }
            if (_mainLane is { } current && (!current.TakesWork || current.Mode != next.Mode || WornOut(current)))
            {
                // Its mode's modules are done: a fresh worker takes the other mode, so that what one
                // mode loaded never changes what the other sees. Or it has run its share of modules.
                current.Closing = true;
                _mainLane = null;
            }
            if (_mainLane is null)
            {
                if (!_starting.Any(start => start.AloneItem is null))
                {
                    var slots = Math.Min(_cores.Count, _mainQueue.Count(item => item.Mode == next.Mode));
                    Launch(new WorkerLaunch(slots, _cores.Take(slots).ToList(), next.Mode), Enumerable.Range(0, slots).ToList(), null);
                }
                continue;
            }
            if (_mainLane.IdleSlotAt(position) is { } slot)
            {
                _mainQueue.RemoveFirst();
                StartRun(_mainLane, slot, next);
            }
        }
    }

    /// <summary>
    /// CPython does not give back everything an ended interpreter held: ~0.5 MB per module on 3.13
    /// (more for modules that import more), ~4 MB on 3.12's default allocator, for the life of the
    /// process. A worker that ran <see cref="ModulesPerWorker"/> modules is replaced by a fresh one
    /// (started while its last modules finish), which keeps a long run's memory flat for the cost of
    /// one worker start (~30 ms) per that many modules. Lifecycle-leak runs keep one worker: they
    /// measure the process.
    /// </summary>
    private bool WornOut(WorkerLane lane) =>
        lane.Started >= ModulesPerWorker && _plan.Options.RepeatLifecycles <= 1 && _mainQueue.Count > _cores.Count;

    internal const int ModulesPerWorker = 32;

    /// <summary>How long an idle worker may take to send the verdicts it still owes (it takes at most a second: Hosting/Settler).</summary>
    internal static readonly TimeSpan SettlementPatience = TimeSpan.FromSeconds(5);

    private bool Busy(int position) =>
        _lanes.Any(lane => lane.Occupies(position)) || _starting.Any(start => start.AloneItem is not null && start.Positions[0] == position);

    private void Launch(WorkerLaunch launch, IReadOnlyList<int> positions, WorkItem? alone) =>
        _starting.Add(new PendingLaunch(_launcher.StartAsync(launch, CancellationToken.None), launch, positions, alone));

    private void StartRun(WorkerLane lane, int slot, WorkItem item)
    {
        lane.TakeSlot(slot);
        lane.SettlementDue = null;
        var attempt = _attempts[item.Key] = _attempts.GetValueOrDefault(item.Key) + 1;
        var run = new ModuleRun(item, slot, lane.PositionOf(slot), ++_seq, lane.Worker.Pid, attempt);
        if (!lane.Alone)
        {
            LeakConfirmation.NoteOverlap(run, lane.InFlight.Values);
        }
        lane.InFlight[run.Seq] = run;
        Observer.ModuleStarted(new Session.ModuleStart(item.Module, item.Mode, run.Position, attempt));
        // A send that fails shows up as the worker's death in its events.
        lane.Worker.Send(RunMessage(run));
    }

    private ProtocolMessage RunMessage(ModuleRun run) => new()
    {
        Type = ProtocolMessageTypes.Run, Slot = run.Slot, Seq = run.Seq, Module = run.Module.Name, Path = run.Module.FullPath,
        Root = run.Module.Root, Engine = _plan.Engine, Mode = run.Item.Mode.Name(), OutputLimit = _plan.Options.OutputLimitBytes,
        TestTimeout = _plan.Options.TestTimeoutSeconds, ModuleTimeout = _plan.Options.ModuleTimeoutSeconds,
        ThreadJoinTimeout = _plan.Options.ThreadJoinSeconds,
        Repeat = _plan.Options.RepeatLifecycles > 1 && run.Item.Purpose != WorkPurpose.Collect ? _plan.Options.RepeatLifecycles : null,
        Select = run.Item.Select?.ToList(), Pattern = _plan.Options.Pattern,
        CollectOnly = run.Item.Purpose == WorkPurpose.Collect ? true : null,
    };

    // -- waiting ----------------------------------------------------------------------------------

    /// <returns>False when cancelled.</returns>
    private async Task<bool> WaitAsync(CancellationToken cancellation)
    {
        var waits = new List<Task>();
        foreach (var lane in _lanes)
        {
            lane.EventWait ??= lane.Worker.Events.WaitToReadAsync(CancellationToken.None).AsTask();
            waits.Add(lane.EventWait);
        }
        waits.AddRange(_starting.Select(start => start.Task));
        if (WakeAfter() is { } wake)
        {
            waits.Add(Task.Delay(wake > TimeSpan.Zero ? wake : TimeSpan.Zero, cancellation));
        }
        waits.Add(_cancelled);
        await Task.WhenAny(waits).ConfigureAwait(false);
        return !cancellation.IsCancellationRequested;
    }

    private TimeSpan? WakeAfter()
    {
        if (_lanes.All(lane => lane.InFlight.Count == 0))
        {
            // Idle workers still owing verdicts on held changes: wake when they have waited too long.
            return _lanes.Where(lane => lane.SettlementDue is not null).Select(lane => lane.SettlementDue!.Value - DateTime.UtcNow).Order().Cast<TimeSpan?>().FirstOrDefault();
        }
        TimeSpan? wait = _memory.Enabled ? MemoryWatchdog.Interval : null;
        if (Deadlines.Next(_lanes.SelectMany(lane => lane.InFlight.Values), _plan.Options) is { } due)
        {
            var untilDue = due - DateTime.UtcNow;
            wait = wait is { } sample && sample < untilDue ? sample : untilDue;
        }
        return wait;
    }

    private async Task CollectStartedAsync()
    {
        foreach (var start in _starting.Where(start => start.Task.IsCompleted).ToList())
        {
            _starting.Remove(start);
            IWorker worker;
            try
            {
                worker = await start.Task.ConfigureAwait(false);
            }
            catch (RunSetupException error) when (_publisher.Final.Count > 0 || _lanes.Count > 0)
            {
                // Results already exist: keep them, and say why the rest did not run.
                StopQueues($"not run: a worker could not be started ({error.Message})");
                continue;
            }
            var lane = new WorkerLane(worker, start.Launch, start.Positions, alone: start.AloneItem is not null);
            _lanes.Add(lane);
            if (_stopReason is { } reason)
            {
                // Started in vain: the run stopped while it came up.
                if (start.AloneItem is { } unrun)
                {
                    Conclude(unrun, NotRunResult(unrun, reason), -1);
                }
                lane.Closing = true;
                continue;
            }
            if (start.AloneItem is { } item)
            {
                StartRun(lane, 0, item);
            }
            else
            {
                _mainLane = lane;
            }
        }
    }

    /// <summary>Applies every event a worker has queued, until it shows the worker dead.</summary>
    private async Task PumpAsync(WorkerLane lane)
    {
        if (lane.EventWait is { IsCompleted: true })
        {
            lane.EventWait = null;
        }
        while (_lanes.Contains(lane) && lane.Worker.Events.TryRead(out var next))
        {
            if (await HandleEventAsync(lane, next).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Checked on time whether or not events keep coming: a busy slot must not hide a stuck or bloated one.</summary>
    private async Task CheckClocksAsync()
    {
        var sampleMemory = DateTime.UtcNow >= _nextMemorySample;
        if (sampleMemory)
        {
            _nextMemorySample = DateTime.UtcNow + MemoryWatchdog.Interval;
        }
        foreach (var lane in _lanes.ToList())
        {
            if (lane.InFlight.Count == 0)
            {
                continue;
            }
            if (sampleMemory && _memory.Check(lane.Worker.Pid) is { } outOfMemory)
            {
                await WorkerDiedAsync(lane, outOfMemory).ConfigureAwait(false);
                continue;
            }
            var expired = Deadlines.Expired(lane.InFlight.Values, _plan.Options, DateTime.UtcNow);
            if (expired.Count > 0)
            {
                await TimedOutAsync(lane, expired, stacks: null, Deadlines.WhyNoStacks(expired[0], _plan.Options)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Workers with nothing left to do go: shut down, or killed when they hold an abandoned interpreter.</summary>
    private Task RetireIdleLanesAsync()
    {
        foreach (var lane in _lanes.Where(lane => lane.InFlight.Count == 0).ToList())
        {
            if (lane.AwaitingSettlement.Count > 0 && !lane.Retiring)
            {
                // Its verdicts on held changes are on their way (the worker settles them in the
                // background, within a second); past that, what it still holds is run alone.
                lane.SettlementDue ??= DateTime.UtcNow + SettlementPatience;
                if (DateTime.UtcNow < lane.SettlementDue)
                {
                    continue;
                }
            }
            if (lane.Retiring)
            {
                Observer.Notice($"worker {lane.Worker.Pid} replaced: it holds an interpreter that could not be ended");
                lane.Worker.Kill();
                Shutdown(lane);
            }
            else if (lane.Closing || lane.Alone || (lane == _mainLane && _mainQueue.Count == 0))
            {
                Shutdown(lane);
            }
        }
        return Task.CompletedTask;
    }

    private void Shutdown(WorkerLane lane)
    {
        Release(lane);
        _lanes.Remove(lane);
        if (_mainLane == lane)
        {
            _mainLane = null;
        }
        _shuttingDown.Add(lane.Worker.DisposeAsync().AsTask());
    }

    // -- ending early -------------------------------------------------------------------------------

    /// <summary>Everything still queued ends now with the reason; confirmations that cannot happen leave what was seen standing.</summary>
    private void StopQueues(string reason)
    {
        _stopReason ??= reason;
        while (_mainQueue.First?.Value is { } item)
        {
            _mainQueue.RemoveFirst();
            Conclude(item, NotRunResult(item, reason), -1);
        }
        while (_aloneQueue.TryDequeue(out var item))
        {
            Conclude(item, NotRunResult(item, reason), -1);
        }
    }

    private async Task CancelAsync()
    {
        const string reason = "not run: the run was cancelled";
        _stopReason ??= reason;
        foreach (var lane in _lanes.ToList())
        {
            lane.Worker.Kill();
        }
        foreach (var lane in _lanes.ToList())
        {
            await lane.Worker.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await DrainAsync(lane).ConfigureAwait(false);
            Release(lane);
            foreach (var run in lane.InFlight.Values.ToList())
            {
                lane.InFlight.Remove(run.Seq);
                run.Abort(TestOutcome.NotRun, "the run was cancelled");
                var result = run.Finish();
                result.Error ??= new ModuleError("not-run", "not run to the end: the run was cancelled", null);
                result.Verdict = VerdictRules.Decide(result);
                PublishCancelled(run.Item, result, run.Position);
            }
            _lanes.Remove(lane);
            _shuttingDown.Add(lane.Worker.DisposeAsync().AsTask());
        }
        foreach (var start in _starting)
        {
            _shuttingDown.Add(KillWhenStartedAsync(start.Task));
            if (start.AloneItem is { } item)
            {
                _aloneQueue.Enqueue(item);
            }
        }
        _starting.Clear();
        foreach (var item in _mainQueue.Concat(_aloneQueue).ToList())
        {
            PublishCancelled(item, NotRunResult(item, reason), -1);
        }
        _mainQueue.Clear();
        _aloneQueue.Clear();
    }

    /// <summary>A cancelled module keeps what it reported, is not journalled (a resume runs it), and a held-back result stands.</summary>
    private void PublishCancelled(WorkItem item, ModuleResult result, int position)
    {
        if (_publisher.IsFinal(item))
        {
            return;
        }
        if (_publisher.ProvisionalOf(item) is { } seen)
        {
            _leaks.LeaveUnjudged(item, seen, "the run was cancelled");
            return;
        }
        if (item.Purpose == WorkPurpose.CrashQuarantine && _groups.ContainsKey(item.Key))
        {
            Conclude(item, result, position);
            return;
        }
        _publisher.Publish(item, result, position, record: false);
    }

    private static async Task KillWhenStartedAsync(Task<IWorker> starting)
    {
        try
        {
            var worker = await starting.ConfigureAwait(false);
            worker.Kill();
            await worker.DisposeAsync().ConfigureAwait(false);
        }
        catch (RunSetupException)
        {
            // It never started.
        }
    }

    private ModuleResult NotRunResult(WorkItem item, string reason)
    {
        var result = new ModuleResult { Module = item.Module.Name, Path = item.Module.RelativePath, Mode = item.Mode };
        result.Error = new ModuleError("not-run", reason, null);
        result.Verdict = VerdictRules.Decide(result);
        return result;
    }
}
