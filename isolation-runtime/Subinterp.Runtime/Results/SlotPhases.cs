namespace Subinterp.Runtime.Results;

/// <summary>
/// Where a module's time on its slot went, in milliseconds, measured by the worker: how long the
/// slot sat idle before the module arrived (<see cref="WaitedMs"/>: the orchestrator's round trip,
/// or no module left to give), the reads of the process around it (open, close: snapshots and
/// verdicts), the driver's run (with the worker's hooks in it: reads around extension
/// initialisations, audit notes), the grace for other threads, the cross-interpreter probe.
/// Interpreter creation and end are the interpreter's createMs and endMs. <see cref="StartedAt"/>
/// and <see cref="DoneAt"/> (seconds, the monotonic clock of the interpreter's start and end)
/// bound the module's stretch on the slot.
/// </summary>
public sealed record SlotPhases(double StartedAt, double DoneAt, double WaitedMs, double OpenMs, double RunMs, double HooksMs, double ThreadsMs,
    double ProbeMs, double CloseMs)
{
    /// <summary>The slot's time spent on the module, from taking it to being free again.</summary>
    public double BusyMs => (DoneAt - StartedAt) * 1000;
}

/// <summary>
/// How busy one run slot (a core) was: the time its modules held it, against the run's span from
/// the first module started on any slot to the last one done; the rest it sat idle (waiting for
/// work, a worker starting, the last modules of other slots).
/// </summary>
/// <param name="Slot">The run slot (core position).</param>
/// <param name="WaitedMs">Idle time just before its modules arrived (the round trip to the orchestrator, a worker starting).</param>
public sealed record SlotBusy(int Slot, int Cpu, int Modules, double BusyMs, double SpanMs, double WaitedMs)
{
    /// <summary>Busy share of the run's span, 0..1.</summary>
    public double BusyShare => SpanMs <= 0 ? 0 : Math.Round(Math.Min(1, BusyMs / SpanMs), 3);

    public static List<SlotBusy> Of(IEnumerable<ModuleResult> modules)
    {
        var timed = modules.Where(module => module.Interpreter?.Phases is not null).Select(module => module.Interpreter!).ToList();
        if (timed.Count == 0)
        {
            return [];
        }
        // Every worker of one run reads the same monotonic clock.
        var span = (timed.Max(i => i.Phases!.DoneAt) - timed.Min(i => i.Phases!.StartedAt)) * 1000;
        return
        [
            .. timed.GroupBy(interpreter => interpreter.Slot).OrderBy(group => group.Key).Select(group => new SlotBusy(group.Key, group.First().Cpu, group.Count(),
                Math.Round(group.Sum(i => i.Phases!.BusyMs), 1), Math.Round(span, 1), Math.Round(group.Sum(i => i.Phases!.WaitedMs), 1))),
        ];
    }
}
