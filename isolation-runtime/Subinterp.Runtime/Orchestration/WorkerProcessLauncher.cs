namespace Subinterp.Runtime.Orchestration;

/// <summary>Starts real worker processes for one plan's Python.</summary>
internal sealed class WorkerProcessLauncher(RunPlan plan) : IWorkerLauncher
{
    private readonly IReadOnlyList<string> _preload = MainInterpreterPreload.For(plan);

    public async Task<IWorker> StartAsync(WorkerLaunch launch, CancellationToken cancellation) =>
        await WorkerProcess.StartAsync(plan.Python, launch.Slots, plan.Options.StateDirectory, _preload,
            // Lifecycle checks were calibrated on CPython's default allocator.
            keepDefaultAllocator: plan.Options.RepeatLifecycles > 1, launch.Cores, cancellation).ConfigureAwait(false);
}
