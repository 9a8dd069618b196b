using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Progress;

/// <summary>One line per module's final result, numbered: what CI logs want. A result held back to be confirmed says so once, unnumbered.</summary>
internal sealed class LineProgress(TextWriter output) : ProgressRenderer
{
    private readonly Lock _lock = new();
    private int _done;
    private int _total;
    private bool _bothModes;

    public override void RunStarted(RunPlan plan)
    {
        _total = Total(plan);
        _bothModes = plan.Options.BothModes;
        output.WriteLine($"subinterp: {plan.Modules.Count} modules, {plan.Slots} slots, CPython {plan.Python.VersionText}, {plan.ModeName} mode, {plan.Engine} engine");
    }

    public override void ModuleFinished(ModuleFinish finished)
    {
        lock (_lock)
        {
            var result = finished.Result;
            var name = _bothModes ? $"{finished.Module.Name} [{finished.Mode.Name()}]" : finished.Module.Name;
            var counts = string.Join(", ", result.Tests.GroupBy(t => t.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {ResultNames.Of(g.Key)}"));
            var where = result.Interpreter is { } interpreter ? $" [slot {interpreter.Slot}, cpu {interpreter.Cpu}, interp {interpreter.Id}]" : "";
            var summary = $"{name} ({(counts.Length == 0 ? "no tests" : counts)}, {result.DurationMs:0} ms){where}";
            if (!finished.Final)
            {
                output.WriteLine($"[  held ] {ResultNames.Of(result.Verdict).ToUpperInvariant(),-9} {summary}: confirming alone");
                return;
            }
            _done++;
            output.WriteLine($"[{_done,3}/{_total}] {ResultNames.Of(result.Verdict).ToUpperInvariant(),-9} {summary}");
        }
    }
}
