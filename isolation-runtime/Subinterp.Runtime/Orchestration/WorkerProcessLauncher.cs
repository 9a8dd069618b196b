namespace Subinterp.Runtime.Orchestration;

/// <summary>Starts real worker processes for one plan's Python; the first is the head start's, when there is one.</summary>
internal sealed class WorkerProcessLauncher(RunPlan plan, WorkerHeadStart? headStart) : IWorkerLauncher
{
    private readonly IReadOnlyList<string> _preload = MainInterpreterPreload.For(plan);

    public async Task<IWorker> StartAsync(WorkerLaunch launch, CancellationToken cancellation) =>
        await WorkerProcess.StartAsync(headStart?.Take() ?? WorkerSpawn.Start(), plan.Python, launch.Slots, plan.Options.StateDirectory, _preload,
            // Lifecycle checks were calibrated on CPython's own allocator.
            keepDefaultAllocator: plan.Options.RepeatLifecycles > 1, launch.Cores, cancellation).ConfigureAwait(false);
}
