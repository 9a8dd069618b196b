using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runner.Progress;

/// <summary>A progress view of a run; chosen once from --progress and whether stdout is a terminal.</summary>
internal abstract class ProgressRenderer : IRunObserver, IDisposable
{
    public static ProgressRenderer Create(string mode)
    {
        var terminal = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null
            && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");
        return mode switch
        {
            "none" => new SilentProgress(),
            "lines" => new LineProgress(Console.Out),
            "lanes" => new LaneProgress(),
            _ => terminal ? new LaneProgress() : new LineProgress(Console.Out),
        };
    }

    public virtual void RunStarting(RunPlan plan) { }
    public virtual void ModuleStarted(int slot, TestModule module) { }
    public virtual void TestStarted(int slot, TestModule module, string testId) { }
    public virtual void TestFinished(int slot, TestModule module, Subinterp.Runtime.Results.TestResult test) { }
    public virtual void ModuleFinished(int slot, TestModule module, Subinterp.Runtime.Results.ModuleResult result) { }

    public virtual void Notice(string message) => Console.Error.WriteLine($"subinterp: {message}");

    public virtual void Dispose()
    {
    }

    private sealed class SilentProgress : ProgressRenderer;
}
