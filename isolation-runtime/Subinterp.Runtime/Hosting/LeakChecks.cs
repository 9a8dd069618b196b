using System.Collections.Concurrent;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Leaks;

namespace Subinterp.Runtime.Hosting;

/// <summary>What the worker's slots share to check for leaks: the process monitor, the interpreter inspector and the lifecycle baselines.</summary>
internal sealed class LeakChecks(LibPython python)
{
    private readonly ConcurrentDictionary<InterpreterMode, LifecycleBaseline> _baselines = new();

    public ProcessLeakMonitor Monitor { get; } = new();

    /// <summary>Takes the later looks some verdicts wait for, in the background (set once the worker's control connection is up).</summary>
    public Settler? Settler { get; set; }

    public InterpreterInspector Inspector { get; } = new(python);

    /// <summary>Extensions (per mode) that declare per-interpreter GIL support and that the probe found nothing about in this worker: not probed again.</summary>
    public ConcurrentDictionary<(string Name, InterpreterMode Mode), byte> ProbedClean { get; } = new();

    /// <summary>
    /// Extensions (per mode) that declare per-interpreter GIL support, hold plain data and that the
    /// latest probe found nothing about, with that data as its fresh import showed it: not probed
    /// again for a module whose interpreter showed the same (<see cref="PlainDataState"/>).
    /// </summary>
    public ConcurrentDictionary<(string Name, InterpreterMode Mode), PlainDataState> ProbedFresh { get; } = new();

    /// <summary>The baseline for a mode, measured on the calling slot thread the first time it is asked for.</summary>
    public LifecycleBaseline BaselineFor(InterpreterMode mode) =>
        _baselines.GetOrAdd(mode, m => LifecycleCalibration.Measure(python, m, Monitor.WorkerFds));
}
