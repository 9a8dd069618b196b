using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// The clocks a run keeps whether or not events keep coming (a busy slot must not hide a stuck or
/// bloated one): --timeout and --test-timeout (<see cref="Deadlines"/>), the refusal canary's limit
/// and --memory-limit, and what happens when one of them runs out.
/// </summary>
internal sealed class Timeouts(RunPlan plan, WorkerPool workers, Scheduler scheduler, ResultLifecycle lifecycle, LaneEvents events, WorkerDeaths deaths, TimeProvider time)
{
    private readonly MemoryWatchdog _memory = new(plan.Options.MemoryLimitMegabytes);
    private DateTimeOffset _nextMemorySample;

    private Session.ISessionObserver Observer => lifecycle.Observer;

    /// <summary>How long the loop may wait for events before a clock must be looked at; null: no clock is running.</summary>
    public TimeSpan? WakeAfter()
    {
        var now = time.GetUtcNow();
        // Idle workers still owing verdicts on held changes: wake when they have waited too long.
        var wait = workers.NextSettlementDue(now) - now;
        if (!workers.AnyInFlight)
        {
            return wait;
        }
        if (_memory.Enabled)
        {
            wait = Earlier(wait, MemoryWatchdog.Interval);
        }
        if (Deadlines.Next(workers.InFlight, plan.Options) is { } due)
        {
            wait = Earlier(wait, due - now);
        }
        return wait;
    }

    private static TimeSpan? Earlier(TimeSpan? wait, TimeSpan other) => wait is { } known && known < other ? known : other;

    public async Task CheckAsync()
    {
        var now = time.GetUtcNow();
        var sampleMemory = now >= _nextMemorySample;
        if (sampleMemory)
        {
            _nextMemorySample = now + MemoryWatchdog.Interval;
        }
        foreach (var lane in workers.Lanes.Where(lane => lane.InFlight.Count > 0).ToList())
        {
            if (sampleMemory && _memory.Check(lane.Worker.Pid) is { } outOfMemory)
            {
                await deaths.DiedAsync(lane, outOfMemory).ConfigureAwait(false);
                continue;
            }
            var expired = Deadlines.Expired(lane.InFlight.Values, plan.Options, now);
            if (expired.FirstOrDefault(expiry => expiry.Kind == Deadlines.Canary) is { } canary)
            {
                // The module is over and the process as broken as if the canary had killed it.
                await deaths.DiedAsync(lane, RefusalCanary.DeadlineMissed(canary.Run)).ConfigureAwait(false);
            }
            else if (expired.Count > 0)
            {
                await TimedOutAsync(lane, expired, stacks: null, Deadlines.WhyNoStacks(expired[0], plan.Options)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Modules ran past their limit: the worker is stopped, they are timed out, its other modules run again.</summary>
    /// <param name="stacks">The interpreter's stacks from the driver's watchdog; null: faulthandler takes them now.</param>
    public async Task TimedOutAsync(WorkerLane lane, IReadOnlyList<Deadlines.Expiry> expired, string? stacks, string? whyNoStacks)
    {
        var worker = lane.Worker;
        foreach (var expiry in expired)
        {
            // Decided now: the test that ran past its limit is the one captured with the deadline,
            // whatever the worker still reports while it is being stopped.
            expiry.Run.DeadlinePassed();
        }
        WorkerExit exit;
        if (stacks is null)
        {
            (exit, var dumped) = await FaultHandlerStacks.CaptureAsync(worker, expired[0].Run.Tid).ConfigureAwait(false);
            stacks = $"No stacks from inside the interpreter: {whyNoStacks ?? "its watchdog could not take them"}.\n{dumped ?? "faulthandler dumped nothing either."}";
        }
        else
        {
            worker.Kill();
            exit = await worker.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        await events.DrainAsync(lane).ConfigureAwait(false);
        deaths.Bury(lane);
        lifecycle.WorkerGone(lane);
        foreach (var expiry in expired)
        {
            var run = expiry.Run;
            lane.InFlight.Remove(run.Seq);
            var what = expiry.Kind == Deadlines.Test ? $"test {expiry.Test}" : "module";
            run.TimedOut(new TimeoutInfo(expiry.LimitSeconds, expiry.Test, expiry == expired[0] ? stacks : null, expiry.Kind),
                $"timed out: the {what} ran longer than {expiry.LimitSeconds:0.###} s");
            lifecycle.Stopped(run);
            Observer.Notice($"{run.Module.Name}: the {what} timed out after {expiry.LimitSeconds:0.###} s; worker {worker.Pid} stopped ({exit.Describe()})");
        }
        foreach (var run in lane.InFlight.Values.ToList())
        {
            // Innocent: it shared the worker that had to be stopped; run it again from scratch.
            lane.InFlight.Remove(run.Seq);
            scheduler.Requeue(run.Item);
            Observer.Notice($"{run.Module.Name}: re-queued (its worker was stopped because another module timed out)");
        }
    }
}
