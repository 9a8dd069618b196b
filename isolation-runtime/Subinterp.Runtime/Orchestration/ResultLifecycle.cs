using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// The one owner of where each module's result is (<see cref="ResultState"/>) and of every move
/// from one state to the next: queued, running, held for a neighbour, confirming alone, final. The
/// rest of the orchestrator says what happened (a run finished, a slot created its next
/// interpreter, a worker went away, a crash group must run alone, a driver failed to start); this class decides what that
/// means for the result, and is the only caller of <see cref="ResultPublisher"/>. A result is
/// published once, at <see cref="ResultState.Final"/>, and nothing writes to it afterwards.
/// </summary>
/// <param name="runAlone">Queues an item to run alone in a one-slot worker (a crash suspect, a leak to confirm, a driver that failed to start).</param>
internal sealed class ResultLifecycle(ResultPublisher publisher, Action<WorkItem> runAlone)
{
    /// <summary>A finished run waiting for a neighbour: with its result, until its slot's next interpreter exists; without, until the worker settles its held process changes.</summary>
    private sealed record Hold(WorkerLane Lane, ModuleRun Run, ModuleResult? Result);

    private readonly Dictionary<string, ResultState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hold> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CrashGroup> _groups = new(StringComparer.Ordinal);
    private readonly LeakConfirmation _leaks = new();
    private readonly DriverStartRetry _starts = new();
    private readonly FailedBesideRecheck _rechecks = new();
    private readonly Dictionary<string, IReadOnlyList<Session.ListedTest>> _listed = new(StringComparer.Ordinal);

    public Session.ISessionObserver Observer => publisher.Observer;

    /// <summary>Modules re-run alone to confirm a process change that a neighbour saw appear too.</summary>
    public int LeakConfirmations => _leaks.Requested;

    /// <summary>Modules whose tests failed beside neighbours and were run again alone.</summary>
    public int FailureRechecks => _rechecks.Requested;

    /// <summary>Tests found by collect-only items, by result key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Session.ListedTest>> Listed => _listed;

    public bool AnyFinal => publisher.Final.Count > 0;

    public ResultState? StateOf(WorkItem item) => _states.TryGetValue(item.Key, out var state) ? state : null;

    // -- before and while it runs --------------------------------------------------------------------

    /// <summary>Queued, or queued again; a module confirming alone stays so until its run alone ends.</summary>
    public void Queued(WorkItem item)
    {
        if (StateOf(item) is not ResultState.ConfirmingAlone)
        {
            Move(item, ResultState.Queued, from: [null, ResultState.Queued, ResultState.Running]);
        }
    }

    public void Started(ModuleRun run)
    {
        if (StateOf(run.Item) is not ResultState.ConfirmingAlone)
        {
            Move(run.Item, ResultState.Running, from: [ResultState.Queued]);
        }
    }

    // -- a run is over ---------------------------------------------------------------------------------

    /// <summary>
    /// The worker says the run is over (module-done, or canary-done). Beside neighbours its result
    /// waits for them; alone it is concluded now, unless the worker still owes a verdict on it.
    /// </summary>
    public void Finished(WorkerLane lane, ModuleRun run)
    {
        if (run.PendingLeaks is not null)
        {
            // Its verdict waits for the neighbours it ran beside to end, or for the worker's later
            // look at a thread that was ending (Hosting/Settler): a leaks-settled event, from the
            // slot or from the control connection.
            HoldFor(new Hold(lane, run, null));
        }
        else if (lane.Alone)
        {
            Conclude(run);
        }
        else if (Settle(run) is { } result)
        {
            HoldFor(new Hold(lane, run, result));
        }
    }

    /// <summary>A run that ended without the worker saying so (crashed, timed out, abandoned by a death): concluded as it stands.</summary>
    public void Stopped(ModuleRun run) => Conclude(run);

    /// <summary>A slot created its next interpreter: the module that finished last on it is cleared.</summary>
    public void InterpreterCreated(WorkerLane lane, int workerSlot)
    {
        foreach (var hold in HoldsOf(lane).Where(hold => hold.Result is not null && hold.Run.WorkerSlot == workerSlot).ToList())
        {
            Release(hold);
        }
    }

    /// <summary>The worker settled a finished module's held process changes; false when none of this lane's modules waited for it.</summary>
    public bool Settled(WorkerLane lane, int seq, Action<ModuleRun> apply)
    {
        if (HoldsOf(lane).FirstOrDefault(hold => hold.Result is null && hold.Run.Seq == seq) is not { } waiting)
        {
            return false;
        }
        _held.Remove(waiting.Run.Item.Key);
        apply(waiting.Run);
        Conclude(waiting.Run);
        return true;
    }

    /// <summary>The worker still owes a verdict on held process changes of a run of this lane.</summary>
    public bool AwaitsSettlement(WorkerLane lane) => HoldsOf(lane).Any(hold => hold.Result is null);

    /// <summary>Some worker still owes a verdict on held process changes.</summary>
    public bool AnyAwaitsSettlement => _held.Values.Any(hold => hold.Result is null);

    /// <summary>The finished run held on each worker slot: the suspects when the worker dies creating an interpreter there.</summary>
    public IReadOnlyDictionary<int, ModuleRun> HeldOn(WorkerLane lane) =>
        HoldsOf(lane).Where(hold => hold.Result is not null).ToDictionary(hold => hold.Run.WorkerSlot, hold => hold.Run);

    /// <summary>
    /// The worker is gone: what waited for its neighbours is concluded as it stands (a held change
    /// becomes a suspicion only a run alone can clear), except <paramref name="suspected"/>, whose
    /// result comes from its crash group's run alone.
    /// </summary>
    public void WorkerGone(WorkerLane lane, IReadOnlyCollection<ModuleRun>? suspected = null)
    {
        foreach (var hold in HoldsOf(lane).Where(hold => hold.Result is null).ToList())
        {
            _held.Remove(hold.Run.Item.Key);
            hold.Run.GiveUpWaitingForSettlement();
            Conclude(hold.Run);
        }
        foreach (var hold in HoldsOf(lane).ToList())
        {
            if (suspected?.Contains(hold.Run) == true)
            {
                _held.Remove(hold.Run.Item.Key);
            }
            else
            {
                Release(hold);
            }
        }
    }

    /// <summary>Modules under suspicion for one worker death each run alone before anyone is blamed.</summary>
    public void Quarantine(CrashGroup group, InterpreterMode mode)
    {
        foreach (var module in group.Modules)
        {
            var item = new WorkItem(module, mode, WorkPurpose.CrashQuarantine, null);
            _groups[item.Key] = group;
            Move(item, ResultState.ConfirmingAlone, from: [ResultState.Running, ResultState.HeldForNeighbour, ResultState.ConfirmingAlone]);
            runAlone(item);
        }
    }

    /// <summary>It will not run: the run stopped (cancelled, out of restarts, no worker could start).</summary>
    public void NotRun(WorkItem item, string reason) => Conclude(item, NotRunResult(item, reason), -1);

    /// <summary>
    /// The run was cancelled: a module cut short keeps what it reported and is not journalled (a
    /// resume runs it); a result shown provisionally stands as seen.
    /// </summary>
    public void Cancelled(WorkItem item, ModuleResult result, int slot)
    {
        if (StateOf(item) is ResultState.Final)
        {
            return;
        }
        if (_leaks.IsPending(item))
        {
            var (planned, judged) = _leaks.LeaveUnjudged(item, "the run was cancelled", Observer.Notice);
            Publish(planned, judged, -1);
        }
        else if (item.Purpose == WorkPurpose.CrashQuarantine && _groups.ContainsKey(item.Key))
        {
            Conclude(item, result, slot);
        }
        else if (_starts.IsPending(item))
        {
            Publish(item, _starts.Resolve(item, result), slot, record: false);
        }
        else if (_rechecks.IsPending(item))
        {
            var (planned, seen) = _rechecks.Resolve(item, NotRunResult(item, "the run was cancelled"), Observer.Notice);
            Publish(planned, seen, -1);
        }
        else
        {
            Publish(item, result, slot, record: false);
        }
    }

    public void Cancelled(WorkItem item, string reason) => Cancelled(item, NotRunResult(item, reason), -1);

    /// <summary>The run is over: every confirmation that did not happen stands as seen.</summary>
    public void StandUnconfirmed(string why)
    {
        foreach (var item in _leaks.PendingItems)
        {
            StandAsSeen(item, why);
        }
    }

    // -- from a finished run to its final result ---------------------------------------------------------

    private void HoldFor(Hold hold)
    {
        if (StateOf(hold.Run.Item) is not ResultState.ConfirmingAlone)
        {
            Move(hold.Run.Item, ResultState.HeldForNeighbour, from: [ResultState.Running]);
        }
        _held[hold.Run.Item.Key] = hold;
    }

    private void Release(Hold hold)
    {
        _held.Remove(hold.Run.Item.Key);
        Conclude(hold.Run.Item, hold.Result!, hold.Run.Slot);
    }

    private IEnumerable<Hold> HoldsOf(WorkerLane lane) => _held.Values.Where(hold => hold.Lane == lane);

    /// <summary>Nothing can revise the run any more: confirm it alone, or conclude it.</summary>
    private void Conclude(ModuleRun run)
    {
        if (Settle(run) is { } result)
        {
            Conclude(run.Item, result, run.Slot);
        }
    }

    /// <summary>The run's result, or null when it is shown provisionally and the module runs again alone to confirm it.</summary>
    private ModuleResult? Settle(ModuleRun run)
    {
        var result = run.Finish();
        if (run.Item.Purpose == WorkPurpose.Collect)
        {
            _listed[run.Item.Key] = run.Listed;
        }
        if (DriverStartRetry.Needed(run, result))
        {
            _starts.Begin(run, result);
            Move(run.Item, ResultState.ConfirmingAlone, from: [ResultState.Running, ResultState.HeldForNeighbour]);
            runAlone(run.Item.Again(WorkPurpose.StartAgain));
            Observer.Notice($"{run.Module.Name}: {DriverStartRetry.Describe(run, result)}; none of its code ran, so it runs again alone in a fresh worker");
            return null;
        }
        if (!LeakConfirmation.Needed(run, result))
        {
            return FailedBesideRecheck.Needed(run, result) ? Recheck(run, result) : result;
        }
        _leaks.Begin(run, result);
        Move(run.Item, ResultState.ConfirmingAlone, from: [ResultState.Running, ResultState.HeldForNeighbour]);
        publisher.Provisional(run.Item, result, run.Slot);
        runAlone(run.Item.Again(WorkPurpose.LeakConfirmation));
        Observer.Notice($"{run.Module.Name}: {LeakConfirmation.Describe(run)}; re-running it alone in a fresh worker to confirm");
        return null;
    }

    private ModuleResult? Recheck(ModuleRun run, ModuleResult seen)
    {
        var again = _rechecks.Begin(run, seen);
        Move(run.Item, ResultState.ConfirmingAlone, from: [ResultState.Running, ResultState.HeldForNeighbour]);
        publisher.Provisional(run.Item, seen, run.Slot);
        // No notice: failing tests are common, and only what the run alone clears is news.
        runAlone(again);
        return null;
    }

    /// <summary>Hands the result to its crash group or its confirmation, or publishes it.</summary>
    private void Conclude(WorkItem item, ModuleResult result, int slot)
    {
        switch (item.Purpose)
        {
            case WorkPurpose.CrashQuarantine when _groups.Remove(item.Key, out var group):
                if (group.Record(item.Module, result))
                {
                    foreach (var (member, decided) in group.Decide())
                    {
                        Publish(item with { Module = member }, decided, slot);
                    }
                }
                return;
            case WorkPurpose.LeakConfirmation:
                if (_leaks.Resolve(item, result, Observer.Notice) is { } confirmed)
                {
                    Publish(item, confirmed, slot);
                }
                else
                {
                    StandAsSeen(item, result.Error!.Message);
                }
                return;
            case WorkPurpose.StartAgain:
                Publish(item, _starts.Resolve(item, result), slot);
                return;
            case WorkPurpose.RecheckAlone:
                var (planned, rechecked) = _rechecks.Resolve(item, result, Observer.Notice);
                Publish(planned, rechecked, slot);
                return;
            default:
                Publish(item, result, slot, record: item.Purpose != WorkPurpose.Collect);
                return;
        }
    }

    private void StandAsSeen(WorkItem item, string why)
    {
        var (planned, seen) = _leaks.Stand(item, why, Observer.Notice);
        Publish(planned, seen, -1);
    }

    /// <param name="record">False for results that must not be resumed from (cancelled) or are not results (listings).</param>
    private void Publish(WorkItem item, ModuleResult result, int slot, bool record = true)
    {
        Move(item, ResultState.Final, from: [null, ResultState.Queued, ResultState.Running, ResultState.HeldForNeighbour, ResultState.ConfirmingAlone]);
        publisher.Publish(item, result, slot, record);
    }

    /// <summary>Resumed from the journal: final before anything runs.</summary>
    public void Resumed(WorkItem item, ModuleResult result) => Publish(item, result, -1, record: false);

    private void Move(WorkItem item, ResultState to, ResultState?[] from)
    {
        var now = StateOf(item);
        if (!from.Contains(now))
        {
            throw new InvalidOperationException($"{item.Module.Name} ({item.Mode.Name()}): its result cannot go from {now?.ToString() ?? "nowhere"} to {to}");
        }
        _states[item.Key] = to;
    }

    private static ModuleResult NotRunResult(WorkItem item, string reason)
    {
        var result = new ModuleResult { Module = item.Module.Name, Path = item.Module.RelativePath, Mode = item.Mode, Error = new ModuleError("not-run", reason, null) };
        result.Verdict = VerdictRules.Decide(result);
        return result;
    }
}
