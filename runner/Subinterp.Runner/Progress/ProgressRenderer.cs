using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Progress;

/// <summary>A progress view of a session; chosen once from --progress and whether stdout is a terminal.</summary>
internal abstract class ProgressRenderer : ISessionObserver, IDisposable
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

    /// <summary>Module runs the plan holds: each module once per mode.</summary>
    protected static int Total(RunPlan plan) => plan.Modules.Count * plan.Modes.Count;

    public virtual void RunStarted(RunPlan plan) { }
    public virtual void ModuleStarted(ModuleStart started) { }
    public virtual void TestStarted(TestStart started) { }
    public virtual void TestFinished(TestFinish finished) { }
    public virtual void ModuleFinished(ModuleFinish finished) { }

    public virtual void Notice(string message) => Console.Error.WriteLine($"subinterp: {message}");

    public virtual void Dispose()
    {
    }

    private sealed class SilentProgress : ProgressRenderer
    {
        public override void Notice(string message) { }
    }
}
