namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// One worker process as the orchestrator schedules it: which run slot each of its worker slots
/// occupies, which worker slots are idle, what is in flight, and whether it takes new work. (A
/// worker slot is the protocol's "slot": a thread of that worker. A run slot is one of the run's
/// -j cores, whichever worker runs there.)
/// </summary>
internal sealed class WorkerLane
{
    private readonly IReadOnlyList<int> _slots;
    private readonly List<int> _idle;

    /// <param name="slots">The run slot each worker slot occupies.</param>
    public WorkerLane(IWorker worker, WorkerLaunch launch, IReadOnlyList<int> slots, bool alone)
    {
        Worker = worker;
        Mode = launch.Mode;
        _slots = slots;
        Alone = alone;
        _idle = [.. Enumerable.Range(0, Math.Min(worker.Slots, slots.Count))];
    }

    public IWorker Worker { get; }

    public InterpreterMode Mode { get; }

    /// <summary>A one-slot worker started for one module that must run alone in its process.</summary>
    public bool Alone { get; }

    /// <summary>The runs in flight, by seq.</summary>
    public Dictionary<int, ModuleRun> InFlight { get; } = [];

    /// <summary>An interpreter was abandoned: no new work; killed (not shut down) once its modules finish.</summary>
    public bool Retiring { get; set; }

    /// <summary>No new work (its mode's modules are done, or its one module ran): shut down once its modules finish.</summary>
    public bool Closing { get; set; }

    /// <summary>When, with nothing in flight, the worker must have sent the verdicts it still owes (null: not waiting).</summary>
    public DateTimeOffset? SettlementDue { get; set; }

    /// <summary>Its wait for the next event, kept across loop turns so that waits do not pile up.</summary>
    public Task<bool>? EventWait { get; set; }

    public bool TakesWork => !Retiring && !Closing;

    /// <summary>Modules started on this worker so far.</summary>
    public int Started { get; private set; }

    /// <summary>The run slot a worker slot occupies.</summary>
    public int SlotOf(int workerSlot) => _slots[workerSlot];

    public bool Occupies(int slot) =>
        InFlight.Values.Any(run => run.Slot == slot) || (Alone && TakesWork && _slots[0] == slot);

    /// <summary>This worker's idle worker slot on that run slot, if it has one.</summary>
    public int? IdleWorkerSlotAt(int slot) => _idle.Where(workerSlot => _slots[workerSlot] == slot).Select(workerSlot => (int?)workerSlot).FirstOrDefault();

    public void Take(int workerSlot)
    {
        Started++;
        _idle.Remove(workerSlot);
        SettlementDue = null;
    }

    /// <summary>The worker slot finished its module (and its canary): it takes the next.</summary>
    public void Free(ModuleRun run)
    {
        InFlight.Remove(run.Seq);
        _idle.Add(run.WorkerSlot);
    }
}
