using System.Diagnostics;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// Where one module's time on its slot goes, outside and inside its interpreter: the wait for the
/// module to arrive, the reads of the process around it, the driver's run (and, within it, the
/// worker's hooks: the reads around extension initialisations and the audit notes), the other
/// threads' grace, the cross-interpreter probe, and the close of its window. Interpreter creation
/// and end are reported on their own (createMs, endMs). Times on the monotonic clock Python's
/// time.monotonic() reads, so the report can line them up with the driver's.
/// </summary>
internal sealed class SlotTiming
{
    // The worker's hooks run on the slot thread, inside the driver's run: their time is added up per thread.
    [ThreadStatic]
    private static long t_hookTicks;

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _phase;

    public SlotTiming(long idleSince)
    {
        WaitedMs = Milliseconds(idleSince, _started);
        _phase = _started;
    }

    public double WaitedMs { get; }
    public double OpenMs { get; private set; }
    public double RunMs { get; private set; }
    public double HooksMs { get; private set; }
    public double ThreadsMs { get; private set; }
    public double ProbeMs { get; private set; }
    public double CloseMs { get; private set; }

    /// <summary>Adds time a hook of the worker took on the calling thread.</summary>
    public static void AddHookTime(long since) => t_hookTicks += Stopwatch.GetTimestamp() - since;

    public void Opened() => OpenMs += Lap();

    /// <summary>From the last mark to now is not counted in any phase (interpreter creation: reported as createMs).</summary>
    public void Skip() => _phase = Stopwatch.GetTimestamp();

    public void RunStarts()
    {
        Skip();
        t_hookTicks = 0;
    }

    public void RunEnded()
    {
        RunMs += Lap();
        HooksMs += t_hookTicks * 1000.0 / Stopwatch.Frequency;
    }

    public void ThreadsWaited() => ThreadsMs += Lap();

    /// <summary>A probe interpreter was made: its time is the probe's (0 for a module whose extensions were probed clean before).</summary>
    public void Probed() => ProbeMs += Lap();

    public void Closed() => CloseMs += Lap();

    /// <summary>The phases for module-done; <paramref name="done"/> is when the slot is free again.</summary>
    public ProtocolTiming ToWire(long done) =>
        new(Seconds(_started), Seconds(done), Round(WaitedMs), Round(OpenMs), Round(RunMs), Round(HooksMs), Round(ThreadsMs), Round(ProbeMs), Round(CloseMs));

    private double Lap()
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Milliseconds(_phase, now);
        _phase = now;
        return elapsed;
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    // Stopwatch reads CLOCK_MONOTONIC on Linux, as time.monotonic() does.
    private static double Seconds(long timestamp) => Math.Round(timestamp / (double)Stopwatch.Frequency, 6);

    private static double Round(double milliseconds) => Math.Round(milliseconds, 3);
}
