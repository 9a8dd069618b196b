namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Ctrl+C, SIGTERM or the caller's token: every worker is killed at once, what each wrote before it
/// died is applied, and every module that had not finished ends now. What finished stands; a module
/// cut short keeps the tests it reported (the rest are not-run); queued modules are not-run.
/// </summary>
internal sealed class RunCancellation(WorkerPool workers, Scheduler scheduler, ResultLifecycle lifecycle, LaneEvents events)
{
    private const string Reason = "not run: the run was cancelled";

    public async Task CancelAsync()
    {
        var lanes = workers.Lanes.ToList();
        foreach (var lane in lanes)
        {
            lane.Worker.Kill();
        }
        var notStarted = workers.Starting.Select(start => start.AloneItem).OfType<WorkItem>().ToList();
        foreach (var start in workers.Starting)
        {
            workers.Abandon(start);
        }
        workers.Starting.Clear();
        var queued = scheduler.Cancel(Reason, notStarted);
        foreach (var lane in lanes)
        {
            await lane.Worker.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await events.DrainAsync(lane).ConfigureAwait(false);
            lifecycle.WorkerGone(lane);
            foreach (var run in lane.InFlight.Values.ToList())
            {
                lane.InFlight.Remove(run.Seq);
                lifecycle.Cancelled(run.Item, run.Cancelled(), run.Slot);
            }
            workers.Remove(lane);
        }
        foreach (var item in queued)
        {
            lifecycle.Cancelled(item, Reason);
        }
    }
}
