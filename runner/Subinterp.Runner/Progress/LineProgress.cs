using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Progress;

/// <summary>
/// One line per module's final result, numbered: what CI logs want. A result held back to be
/// confirmed says so once, unnumbered. When nothing was said for <see cref="StatusInterval"/>, a
/// status line tells how far the run is, the time left and what has been running longest (a long
/// module, or a hang, shows in the log while it happens). A module that runs well past its
/// remembered duration says so once, as soon as it does, and again on its result's line.
/// </summary>
internal sealed class LineProgress : ProgressRenderer
{
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(30);

    /// <summary>How often running modules are looked at for one past its typical duration.</summary>
    public static readonly TimeSpan OverdueInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly TextWriter _output;
    private readonly RunProgress _progress;
    private readonly Timer _status;
    private DateTime _lastLine = DateTime.UtcNow;
    private int _done;
    private int _total;
    private readonly HashSet<(int Slot, DateTime Since)> _toldOverdue = [];
    private bool _bothModes;

    /// <param name="clock">What "now" is (a test's own clock); the system's by default.</param>
    public LineProgress(TextWriter output, Func<DateTime>? clock = null)
    {
        _output = output;
        _progress = new RunProgress(clock ?? (() => DateTime.UtcNow));
        _status = new Timer(_ => Status(), null, OverdueInterval, OverdueInterval);
    }

    private void Status()
    {
        lock (_lock)
        {
            TellOverdue();
            if (_total > 0 && _done < _total && DateTime.UtcNow - _lastLine >= StatusInterval)
            {
                WriteLine($"[ status] {_progress.Describe()}");
            }
        }
    }

    /// <summary>Once per module run: "[   slow] test_x has run 0:45, usually 0:02 ...".</summary>
    internal void TellOverdue()
    {
        foreach (var (slot, module, since, ran, typical) in _progress.Overdue)
        {
            if (_toldOverdue.Add((slot, since)))
            {
                var limit = _progress.Limit is { } stop ? $"; it is stopped at {stop}" : "";
                WriteLine($"[   slow] {module.Name} has run {RunProgress.Clock(ran)}, usually {RunProgress.Clock(typical)} (its last run here){limit}");
            }
        }
    }

    private void WriteLine(string line)
    {
        _output.WriteLine(line);
        _lastLine = DateTime.UtcNow;
    }

    public override void ModuleStarted(ModuleStart started)
    {
        lock (_lock)
        {
            _progress.ModuleStarted(started);
        }
    }

    public override void Dispose() => _status.Dispose();

    public override void RunStarted(RunPlan plan)
    {
        lock (_lock)
        {
            _progress.Started(plan);
            _total = Total(plan);
            _bothModes = plan.Options.BothModes;
            var shard = plan.Shard is { } share ? $", shard {share} ({share.Assigned} of {share.Total} modules)" : "";
            WriteLine($"subinterp: {plan.Modules.Count} modules, {plan.Slots} slots, CPython {plan.Python.VersionText}, {plan.ModeName} mode, {plan.Engine} engine{shard}");
        }
    }

    public override void ModuleFinished(ModuleFinish finished)
    {
        lock (_lock)
        {
            _progress.ModuleFinished(finished);
            var result = finished.Result;
            var name = _bothModes ? $"{finished.Module.Name} [{finished.Mode.Name()}]" : finished.Module.Name;
            var counts = string.Join(", ", result.Tests.GroupBy(t => t.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {ResultNames.Of(g.Key)}"));
            var where = result.Interpreter is { } interpreter ? $" [slot {interpreter.Slot}, cpu {interpreter.Cpu}, interp {interpreter.Id}]" : "";
            var typical = _progress.Typical(finished.Module) is { } usual && RunProgress.Exceeds(TimeSpan.FromMilliseconds(result.DurationMs), usual)
                ? $", usually {usual.TotalMilliseconds:0} ms" : "";
            var summary = $"{name} ({(counts.Length == 0 ? "no tests" : counts)}, {result.DurationMs:0} ms{typical}){where}";
            if (!finished.Final)
            {
                WriteLine($"[  held ] {ResultNames.Of(result.Verdict).ToUpperInvariant(),-9} {summary}: confirming alone");
                return;
            }
            _done++;
            var defect = KnownCauses.PassedThenHitRefusalDefect(result) ? $": {KnownCauses.RefusalDefectInBrief}" : "";
            WriteLine($"[{_done,3}/{_total}] {ResultNames.Of(result.Verdict).ToUpperInvariant(),-9} {summary}{defect}");
        }
    }
}
