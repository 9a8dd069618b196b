using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Progress;

/// <summary>
/// How far a run is, for the progress views of long runs: module runs done of all, time elapsed,
/// an estimate of the time left, and the module that has been running longest now. The estimate
/// uses each module's remembered duration (a module never seen counts as the mean of what finished
/// in this run, else of the remembered ones), less what a running module has already had, shared
/// over the slots. Without anything to go on there is no estimate. A module running well past its
/// remembered duration is <see cref="Overdue"/>: the views say so while it runs (a hang shows long
/// before the time limit stops it).
/// </summary>
internal sealed class RunProgress(Func<DateTime> clock)
{
    private readonly Dictionary<int, (TestModule Module, DateTime Since)> _running = [];
    private readonly HashSet<(string Key, InterpreterMode Mode)> _finished = [];
    private readonly List<double> _observedMs = [];
    private RunPlan? _plan;
    private DateTime _started;

    public RunProgress() : this(() => DateTime.UtcNow)
    {
    }

    public int Total { get; private set; }

    public int Done => _finished.Count;

    public TimeSpan Elapsed => _plan is null ? TimeSpan.Zero : clock() - _started;

    public void Started(RunPlan plan)
    {
        _plan = plan;
        _started = clock();
        Total = plan.Modules.Count * plan.Modes.Count;
    }

    public void ModuleStarted(ModuleStart started) => _running[started.Slot] = (started.Module, clock());

    public void ModuleFinished(ModuleFinish finished)
    {
        if (finished.Slot >= 0 && _running.TryGetValue(finished.Slot, out var running) && running.Module.Key == finished.Module.Key)
        {
            _running.Remove(finished.Slot);
        }
        if (finished.Final && _finished.Add((finished.Module.Key, finished.Mode)) && finished.Slot >= 0)
        {
            _observedMs.Add(finished.Result.DurationMs);
        }
    }

    /// <summary>The module running longest now and for how long, or null when none runs.</summary>
    public (string Module, TimeSpan For)? Slowest
    {
        get
        {
            if (_running.Count == 0)
            {
                return null;
            }
            var (module, since) = _running.Values.MinBy(entry => entry.Since);
            return (module.Name, clock() - since);
        }
    }

    /// <summary>What the module took when it last ran here (.subinterp/durations.json), or null when it never did.</summary>
    public TimeSpan? Typical(TestModule module) =>
        _plan?.Remembered.TryGetValue(module.Key, out var ms) == true ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>More than twice its typical duration and at least 10 s over it: past what load on the machine explains.</summary>
    public static bool Exceeds(TimeSpan ran, TimeSpan typical) => ran > typical * 2 && ran - typical >= TimeSpan.FromSeconds(10);

    /// <summary>The modules running now past their typical duration, with the slot, since when, for how long and what is typical.</summary>
    public IReadOnlyList<(int Slot, TestModule Module, DateTime Since, TimeSpan For, TimeSpan Typical)> Overdue
    {
        get
        {
            var now = clock();
            return [.. _running.Select(entry => (Slot: entry.Key, entry.Value.Module, entry.Value.Since, For: now - entry.Value.Since, Typical: Typical(entry.Value.Module)))
                .Where(entry => entry.Typical is { } typical && Exceeds(entry.For, typical))
                .Select(entry => (entry.Slot, entry.Module, entry.Since, entry.For, entry.Typical!.Value))];
        }
    }

    /// <summary>The module time limit the run enforces, as the views say it: "20:00 (--timeout)", or null when there is none.</summary>
    public string? Limit => _plan?.Options is { } options && (options.ModuleTimeoutSeconds ?? options.DefaultModuleTimeoutSeconds) is { } seconds
        ? $"{Clock(TimeSpan.FromSeconds(seconds))} (--timeout)"
        : null;

    /// <summary>The time left, or null while there is nothing to estimate it from.</summary>
    public TimeSpan? Left
    {
        get
        {
            if (_plan is null)
            {
                return null;
            }
            var remembered = _plan.Remembered;
            double? fallback = _observedMs.Count > 0 ? _observedMs.Average() : remembered.Count > 0 ? remembered.Values.Average() : null;
            var now = clock();
            var running = _running.Values.ToDictionary(entry => entry.Module.Key, entry => (now - entry.Since).TotalMilliseconds, StringComparer.Ordinal);
            var work = 0.0;
            foreach (var module in _plan.Modules)
            {
                foreach (var mode in _plan.Modes)
                {
                    if (_finished.Contains((module.Key, mode)))
                    {
                        continue;
                    }
                    var expected = remembered.TryGetValue(module.Key, out var ms) ? ms : fallback;
                    if (expected is null)
                    {
                        return null;
                    }
                    // A module past its remembered time is assumed to be nearly done, not to finish at once.
                    work += running.TryGetValue(module.Key, out var had) ? Math.Max(expected.Value - had, expected.Value * 0.1) : expected.Value;
                }
            }
            return TimeSpan.FromMilliseconds(work / Math.Max(1, _plan.Slots));
        }
    }

    /// <summary>"12/40 modules, 0:42 elapsed, about 1:10 left, slowest now: test_big (31 s)".</summary>
    public string Describe()
    {
        var parts = new List<string> { $"{Done}/{Total} modules", $"{Clock(Elapsed)} elapsed" };
        if (Done >= Total)
        {
            return string.Join(", ", parts);
        }
        parts.Add(Left is { } left ? $"about {Clock(left)} left" : "time left unknown (no remembered durations yet)");
        if (Slowest is { } slowest)
        {
            var overdue = Overdue.FirstOrDefault(entry => entry.Module.Name == slowest.Module);
            parts.Add($"slowest now: {slowest.Module} ({slowest.For.TotalSeconds:0} s{(overdue.Module is null ? "" : $", usually {overdue.Typical.TotalSeconds:0} s")})");
        }
        return string.Join(", ", parts);
    }

    /// <summary>m:ss, or h:mm:ss from an hour.</summary>
    public static string Clock(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}" : $"{(int)span.TotalMinutes}:{span.Seconds:00}";
}
