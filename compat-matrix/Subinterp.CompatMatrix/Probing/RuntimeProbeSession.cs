using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Probing;

/// <summary>The runtime's planner and execution behind <see cref="IProbeSession"/>.</summary>
public sealed class RuntimeProbeSession(PythonLocator? locator = null) : IProbeSession
{
    public async Task<RunReport> RunAsync(RunOptions options, Action<ModuleResult>? finished, Action<string>? notice, CancellationToken cancellation)
    {
        var plan = RunPlanner.Plan(options, notice, locator);
        return await RunExecution.RunAsync(plan, new Observer(finished, notice), cancellation).ConfigureAwait(false);
    }

    private sealed class Observer(Action<ModuleResult>? finished, Action<string>? notice) : IRunObserver
    {
        public void ModuleFinished(int slot, TestModule module, ModuleResult result) => finished?.Invoke(result);

        public void Notice(string message) => notice?.Invoke(message);
    }
}
