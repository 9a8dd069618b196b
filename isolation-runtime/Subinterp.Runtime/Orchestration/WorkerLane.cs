namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// One worker process as the orchestrator schedules it: which run slot each of its slots occupies,
/// which are idle, what is in flight, and whether it takes new work.
/// </summary>
internal sealed class WorkerLane
{
    private readonly IReadOnlyList<int> _positions;

    public WorkerLane(IWorker worker, WorkerLaunch launch, IReadOnlyList<int> positions, bool alone)
    {
        Worker = worker;
        Mode = launch.Mode;
        _positions = positions;
        Alone = alone;
        Idle = new Queue<int>(Enumerable.Range(0, Math.Min(worker.Slots, positions.Count)));
    }

    public IWorker Worker { get; }

    public InterpreterMode Mode { get; }

    /// <summary>A one-slot worker started for one module that must run alone in its process.</summary>
    public bool Alone { get; }

    public Queue<int> Idle { get; }

    public Dictionary<int, ModuleRun> InFlight { get; } = [];

    /// <summary>
    /// The last module that finished on each slot, its result held until the slot's next interpreter
    /// is created: a crash in that creation can be what the module left behind.
    /// </summary>
    public Dictionary<int, (ModuleRun Run, Results.ModuleResult Result)> Held { get; } = [];

    /// <summary>
    /// Modules that finished while the worker still holds process changes they may have made (a
    /// neighbour was running then): their slot is free, their verdict comes with a leaks-settled
    /// event once those neighbours have ended (see Leaks/ProcessLeakMonitor).
    /// </summary>
    public Dictionary<int, ModuleRun> AwaitingSettlement { get; } = [];

    /// <summary>When, with nothing in flight, the worker must have sent the verdicts it still owes (null: not waiting).</summary>
    public DateTime? SettlementDue { get; set; }

    /// <summary>An interpreter was abandoned: no new work; killed (not shut down) once its modules finish.</summary>
    public bool Retiring { get; set; }

    /// <summary>No new work (its mode's modules are done, or its one module ran): shut down once its modules finish.</summary>
    public bool Closing { get; set; }

    /// <summary>Its wait for the next event, kept across loop turns so that waits do not pile up.</summary>
    public Task<bool>? EventWait { get; set; }

    public bool TakesWork => !Retiring && !Closing;

    /// <summary>Modules started on this worker so far.</summary>
    public int Started { get; private set; }

    /// <summary>The run slot (core position) a worker slot occupies.</summary>
    public int PositionOf(int slot) => _positions[slot];

    public bool Occupies(int position) =>
        InFlight.Values.Any(run => run.Position == position) || (Alone && TakesWork && _positions[0] == position);

    /// <summary>This worker's idle slot on that position, if it has one.</summary>
    public int? IdleSlotAt(int position)
    {
        foreach (var slot in Idle)
        {
            if (_positions[slot] == position)
            {
                return slot;
            }
        }
        return null;
    }

    public void TakeSlot(int slot)
    {
        Started++;
        var rest = Idle.Where(s => s != slot).ToList();
        Idle.Clear();
        foreach (var s in rest)
        {
            Idle.Enqueue(s);
        }
    }
}
