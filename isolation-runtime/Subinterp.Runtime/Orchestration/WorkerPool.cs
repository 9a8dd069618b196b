namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// The run's workers: those running, those starting, the main one that takes the plan's modules,
/// and those on their way out. Whoever ends a worker goes through here, so that what its modules
/// left waiting for a neighbour is settled (<see cref="ResultLifecycle.WorkerGone"/>).
/// </summary>
internal sealed class WorkerPool(IWorkerLauncher launcher, ResultLifecycle lifecycle, TimeProvider time)
{
    /// <summary>How long an idle worker may take to send the verdicts it still owes (it takes at most a second: Hosting/Settler).</summary>
    internal static readonly TimeSpan SettlementPatience = TimeSpan.FromSeconds(5);

    /// <param name="Slots">The run slot each of its worker slots will occupy.</param>
    /// <param name="AloneItem">The module it is started for, when it is a one-slot worker for a module that must run alone.</param>
    public sealed record Launching(Task<IWorker> Task, WorkerLaunch Launch, IReadOnlyList<int> Slots, WorkItem? AloneItem);

    private readonly List<Task> _endings = [];

    public List<WorkerLane> Lanes { get; } = [];

    public List<Launching> Starting { get; } = [];

    /// <summary>The worker the plan's modules go to, once started.</summary>
    public WorkerLane? Main { get; set; }

    public bool AnyInFlight => Lanes.Any(lane => lane.InFlight.Count > 0);

    /// <summary>The earliest moment an idle worker that still owes verdicts must have sent them; null: none waits.</summary>
    public DateTimeOffset? NextSettlementDue(DateTimeOffset now) =>
        Lanes.Where(lane => lane.SettlementDue > now).Select(lane => lane.SettlementDue).Min();

    public IEnumerable<ModuleRun> InFlight => Lanes.SelectMany(lane => lane.InFlight.Values);

    public bool StartingMain => Starting.Any(start => start.AloneItem is null);

    public void Launch(WorkerLaunch launch, IReadOnlyList<int> slots, WorkItem? alone) =>
        Starting.Add(new Launching(launcher.StartAsync(launch, CancellationToken.None), launch, slots, alone));

    /// <summary>A module runs on that run slot, or a one-slot worker is being started there.</summary>
    public bool Busy(int slot) =>
        Lanes.Any(lane => lane.Occupies(slot)) || Starting.Any(start => start.AloneItem is not null && start.Slots[0] == slot);

    public WorkerLane Adopt(IWorker worker, Launching start)
    {
        var lane = new WorkerLane(worker, start.Launch, start.Slots, alone: start.AloneItem is not null);
        Lanes.Add(lane);
        return lane;
    }

    /// <summary>Its work is done: what it held is settled and it is asked to shut down.</summary>
    public void Shutdown(WorkerLane lane)
    {
        lifecycle.WorkerGone(lane);
        Remove(lane);
    }

    /// <summary>It is gone (dead or killed): it takes no more work and its process is disposed of.</summary>
    public void Remove(WorkerLane lane)
    {
        Lanes.Remove(lane);
        if (Main == lane)
        {
            Main = null;
        }
        _endings.Add(lane.Worker.DisposeAsync().AsTask());
    }

    /// <summary>
    /// Workers with nothing left to do go: shut down, or killed when they hold an abandoned
    /// interpreter; one that still owes verdicts on held changes is given <see cref="SettlementPatience"/> first.
    /// </summary>
    /// <param name="planDone">No module of the plan is waiting for the main worker.</param>
    public void RetireIdle(bool planDone)
    {
        foreach (var lane in Lanes.Where(lane => lane.InFlight.Count == 0).ToList())
        {
            if (!lane.Retiring && lifecycle.AwaitsSettlement(lane))
            {
                // Its verdicts on held changes are on their way (the worker settles them in the
                // background, within a second); past that, what it still holds is run alone.
                lane.SettlementDue ??= time.GetUtcNow() + SettlementPatience;
                if (time.GetUtcNow() < lane.SettlementDue)
                {
                    continue;
                }
            }
            if (lane.Retiring)
            {
                lifecycle.Observer.Notice($"worker {lane.Worker.Pid} replaced: it holds an interpreter that could not be ended");
                lane.Worker.Kill();
                Shutdown(lane);
            }
            else if (lane.Closing || lane.Alone || (lane == Main && planDone))
            {
                Shutdown(lane);
            }
        }
    }

    /// <summary>A worker still starting is killed as soon as it is up.</summary>
    public void Abandon(Launching start) => _endings.Add(KillWhenStartedAsync(start.Task));

    public Task WhenAllEndedAsync() => Task.WhenAll(_endings);

    private static async Task KillWhenStartedAsync(Task<IWorker> starting)
    {
        try
        {
            var worker = await starting.ConfigureAwait(false);
            worker.Kill();
            await worker.DisposeAsync().ConfigureAwait(false);
        }
        catch (RunSetupException)
        {
            // It never started.
        }
    }
}
