using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// What runs next, and where: the plan's modules in order on the main worker (a fresh one per mode,
/// and after <see cref="ModulesPerWorker"/> modules), a module that must run alone first, on a
/// one-slot worker of its own started on the next free run slot.
/// </summary>
internal sealed class Scheduler(RunPlan plan, IReadOnlyList<int> cores, WorkerPool workers, ResultLifecycle lifecycle, TimeProvider time)
{
    private readonly LinkedList<WorkItem> _main = new();
    private readonly Queue<WorkItem> _alone = new();
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private int _seq;

    /// <summary>Why nothing more is started (out of restarts, no worker could start, cancelled); null while the run goes on.</summary>
    public string? StopReason { get; private set; }

    public bool Empty => _main.Count == 0 && _alone.Count == 0;

    /// <summary>No module of the plan waits for the main worker.</summary>
    public bool PlanDone => _main.Count == 0;

    public void Enqueue(IEnumerable<WorkItem> items)
    {
        foreach (var item in items)
        {
            _main.AddLast(item);
            lifecycle.Queued(item);
        }
    }

    /// <summary>Back to its queue: a module of the plan to the front of the plan's, one that must run alone to the alone queue.</summary>
    public void Requeue(WorkItem item)
    {
        if (StopReason is { } reason)
        {
            lifecycle.NotRun(item, reason);
            return;
        }
        if (item.Alone)
        {
            _alone.Enqueue(item);
        }
        else
        {
            _main.AddFirst(item);
        }
        lifecycle.Queued(item);
    }

    /// <summary>Everything still queued ends now with the reason.</summary>
    public void Stop(string reason)
    {
        StopReason ??= reason;
        foreach (var item in TakeQueued())
        {
            lifecycle.NotRun(item, reason);
        }
    }

    /// <summary>The run is cancelled: nothing more starts, and what was queued is handed back.</summary>
    public IReadOnlyList<WorkItem> Cancel(string reason, IEnumerable<WorkItem> notStarted)
    {
        StopReason ??= reason;
        foreach (var item in notStarted)
        {
            _alone.Enqueue(item);
        }
        return TakeQueued();
    }

    private List<WorkItem> TakeQueued()
    {
        var items = _main.Concat(_alone).ToList();
        _main.Clear();
        _alone.Clear();
        return items;
    }

    /// <summary>Gives every free run slot work: a module that must run alone first, else the next module of the plan.</summary>
    public void Dispatch()
    {
        if (StopReason is not null)
        {
            return;
        }
        for (var slot = 0; slot < cores.Count; slot++)
        {
            if (workers.Busy(slot))
            {
                continue;
            }
            if (_alone.TryDequeue(out var alone))
            {
                workers.Launch(new WorkerLaunch(1, [cores[slot]], alone.Mode), [slot], alone);
                continue;
            }
            if (_main.First?.Value is not { } next)
            {
                continue;
            }
            if (workers.Main is { } current && (!current.TakesWork || current.Mode != next.Mode || WornOut(current)))
            {
                // Its mode's modules are done: a fresh worker takes the other mode, so that what one
                // mode loaded never changes what the other sees. Or it has run its share of modules.
                current.Closing = true;
                workers.Main = null;
            }
            if (workers.Main is null)
            {
                if (!workers.StartingMain)
                {
                    var slots = Math.Min(cores.Count, _main.Count(item => item.Mode == next.Mode));
                    workers.Launch(new WorkerLaunch(slots, cores.Take(slots).ToList(), next.Mode), Enumerable.Range(0, slots).ToList(), null);
                }
                continue;
            }
            if (workers.Main.IdleWorkerSlotAt(slot) is { } workerSlot)
            {
                _main.RemoveFirst();
                StartRun(workers.Main, workerSlot, next);
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
        lane.Started >= ModulesPerWorker && plan.Options.RepeatLifecycles <= 1 && _main.Count > cores.Count;

    internal const int ModulesPerWorker = 32;

    /// <summary>Workers that finished starting take their work: a one-slot worker its module, a main worker the plan's.</summary>
    public async Task AdoptStartedAsync()
    {
        foreach (var start in workers.Starting.Where(start => start.Task.IsCompleted).ToList())
        {
            workers.Starting.Remove(start);
            IWorker worker;
            try
            {
                worker = await start.Task.ConfigureAwait(false);
            }
            catch (RunSetupException error) when (lifecycle.AnyFinal || workers.Lanes.Count > 0)
            {
                // Results already exist: keep them, and say why the rest did not run.
                if (start.AloneItem is { } unstarted)
                {
                    Requeue(unstarted);
                }
                Stop($"not run: a worker could not be started ({error.Message})");
                continue;
            }
            var lane = workers.Adopt(worker, start);
            if (StopReason is { } reason)
            {
                // Started in vain: the run stopped while it came up.
                if (start.AloneItem is { } unrun)
                {
                    lifecycle.NotRun(unrun, reason);
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
                workers.Main = lane;
            }
        }
    }

    private void StartRun(WorkerLane lane, int workerSlot, WorkItem item)
    {
        lane.Take(workerSlot);
        var attempt = _attempts[item.Key] = _attempts.GetValueOrDefault(item.Key) + 1;
        var run = new ModuleRun(item, workerSlot, lane.SlotOf(workerSlot), ++_seq, lane.Worker.Pid, attempt, time);
        if (!lane.Alone)
        {
            LeakConfirmation.NoteOverlap(run, lane.InFlight.Values);
        }
        lane.InFlight[run.Seq] = run;
        lifecycle.Started(run);
        lifecycle.Observer.ModuleStarted(new Session.ModuleStart(item.Module, item.Mode, run.Slot, attempt));
        // A send that fails shows up as the worker's death in its events.
        lane.Worker.Send(RunMessage(run));
    }

    private RunMessage RunMessage(ModuleRun run) => new()
    {
        Slot = run.WorkerSlot, Seq = run.Seq,
        Repeat = plan.Options.RepeatLifecycles > 1 && run.Item.Purpose != WorkPurpose.Collect ? plan.Options.RepeatLifecycles : null,
        Driver = plan.DriverArgumentsFor(run.Module, run.Item.Mode, run.Item.Select, collectOnly: run.Item.Purpose == WorkPurpose.Collect),
    };
}
