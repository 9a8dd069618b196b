using Subinterp.Runtime.Locating;

namespace Subinterp.Runtime.Orchestration;

/// <summary>A run ready to start: the Python, the engine, and the modules in the order they will be fed.</summary>
public sealed record RunPlan(RunOptions Options, PythonInstallation Python, string Engine, IReadOnlyList<TestModule> Modules)
{
    // Lifecycle checks measure the whole process: another slot's module would blur the figures.
    public int Slots => Options.RepeatLifecycles > 1 ? 1 : Math.Max(1, Math.Min(Options.Jobs, Modules.Count));
}
