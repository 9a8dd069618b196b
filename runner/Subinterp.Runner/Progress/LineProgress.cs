using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Progress;

/// <summary>One line per finished module: what CI logs want.</summary>
internal sealed class LineProgress(TextWriter output) : ProgressRenderer
{
    private readonly Lock _lock = new();
    private int _done;
    private int _total;

    public override void RunStarting(RunPlan plan)
    {
        _total = plan.Modules.Count * (plan.Options.BothModes ? 2 : 1); // --mode both: two passes
        output.WriteLine($"subinterp: {plan.Modules.Count} modules, {plan.Slots} slots, CPython {plan.Python.VersionText}, {ModeName(plan)} mode, {plan.Engine} engine");
    }

    public override void ModuleFinished(int slot, TestModule module, ModuleResult result)
    {
        lock (_lock)
        {
            _done++;
            var counts = string.Join(", ", result.Tests.GroupBy(t => t.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {ResultNames.Of(g.Key)}"));
            var where = result.Interpreter is { } interpreter ? $" [slot {interpreter.Slot}, cpu {interpreter.Cpu}, interp {interpreter.Id}]" : "";
            output.WriteLine($"[{_done,3}/{_total}] {ResultNames.Of(result.Verdict).ToUpperInvariant(),-9} {module.Name} ({(counts.Length == 0 ? "no tests" : counts)}, {result.DurationMs:0} ms){where}");
        }
    }

    private static string ModeName(RunPlan plan) => plan.Options.Mode.ToString().ToLowerInvariant();
}
