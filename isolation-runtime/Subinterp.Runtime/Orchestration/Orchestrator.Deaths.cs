using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A worker that died, hung or grew too big: whom to blame, whom to run again, and when to give
/// up. A module alone in flight is blamed; several suspects are each re-run alone (quarantine, see
/// <see cref="CrashGroup"/>) before anyone is blamed; modules that ran no code yet go back to the queue.
/// </summary>
internal sealed partial class Orchestrator
{
    /// <param name="stoppedFor">Why the orchestrator stops the worker; null when it died or broke by itself.</param>
    /// <param name="closed">Which connection closed, when that is how the death was noticed.</param>
    private async Task WorkerDiedAsync(WorkerLane lane, string? stoppedFor, string? closed = null)
    {
        var worker = lane.Worker;
        // A worker whose connection broke usually exits at once by itself, and its exit code says why.
        if (stoppedFor is null && closed is not null && !await worker.ExitsWithinAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false))
        {
            stoppedFor = $"{closed} while the process kept running (test code closing or replacing its file descriptors?)";
        }
        if (stoppedFor is not null)
        {
            worker.Kill();
        }
        var exit = await worker.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await DrainAsync(lane).ConfigureAwait(false);
        // A death during a refusal canary is the orchestrator's own probe answering yes (CPython 3.12
        // left the process broken): each module causes at most two (beside a neighbour, then alone),
        // so it cannot loop, and on CPython's own test suite counting them let a dozen known-defect
        // crashes use up the restarts and leave most of the suite not run.
        var canaryDeath = lane.InFlight.Values.Any(run => run.Phase == RunPhase.Canary);
        Bury(lane, counted: !canaryDeath);
        var death = WorkerDeath.Of(worker, exit, stoppedFor);
        if (lane.InFlight.Count == 0)
        {
            Release(lane);
            Observer.Notice($"worker {worker.Pid} {death.Describe()} after its modules had finished");
            return;
        }
        var who = CrashAttribution.Attribute(lane.InFlight.Values, lane.Held.ToDictionary(held => held.Key, held => held.Value.Run));
        // Suspected previous modules get their result from the re-run alone; the others stand as they finished.
        foreach (var previous in who.Previous.Where(_ => !lane.Alone))
        {
            lane.Held.Remove(previous.Slot);
        }
        Release(lane);
        foreach (var run in who.Innocent)
        {
            RequeueInnocent(lane, run, death);
        }
        if (who.Suspects.Count == 1)
        {
            Blame(lane, who.Suspects[0], death);
            Observer.Notice($"worker {worker.Pid} {death.Describe()} while {who.Suspects[0].Module.Name} ran; a fresh worker takes the remaining modules{NotCounted(canaryDeath)}");
        }
        else if (who.Suspects.Count > 1 && who.Suspects.All(run => run.Phase == RunPhase.Canary))
        {
            // Canaries run only once every module of the worker has finished its tests, and each
            // imported again what its own module's interpreter had refused: each module's refusal is
            // CPython 3.12's defect, and a run alone would only repeat every test to say so again.
            foreach (var run in who.Suspects)
            {
                Blame(lane, run, death);
            }
            Observer.Notice($"worker {worker.Pid} {death.Describe()} during the refusal canaries of {string.Join(", ", who.Suspects.Select(r => r.Module.Name))}; a fresh worker takes the remaining modules{NotCounted(canaryDeath)}");
        }
        else if (who.Suspects.Count > 1)
        {
            foreach (var run in who.Suspects)
            {
                lane.InFlight.Remove(run.Seq);
            }
            StartQuarantine(CrashGroup.OfSuspects(death, who.Suspects), who.Suspects[0].Item);
            Observer.Notice($"worker {worker.Pid} {death.Describe()} with {who.Suspects.Count} modules in flight ({string.Join(", ", who.Suspects.Select(r => r.Module.Name))}); each will be re-run alone{NotCounted(canaryDeath)}");
        }
        else if (who.Previous.Count > 0 && !lane.Alone)
        {
            StartQuarantine(CrashGroup.OfPrevious(death, who.Previous, who.Innocent), who.Previous[0].Item);
            Observer.Notice($"worker {worker.Pid} {death.Describe()} while creating an interpreter; re-running {string.Join(", ", who.Previous.Select(r => r.Module.Name))}, which ran last on that slot, alone");
        }
    }

    /// <summary>The worker is gone: it takes no more work, and unless <paramref name="counted"/> is false a restart is counted against --max-worker-restarts.</summary>
    private void Bury(WorkerLane lane, bool counted = true)
    {
        _lanes.Remove(lane);
        if (_mainLane == lane)
        {
            _mainLane = null;
        }
        _shuttingDown.Add(lane.Worker.DisposeAsync().AsTask());
        if (!counted)
        {
            return;
        }
        _deaths++;
        if (_deaths > _plan.Options.MaxWorkerRestarts)
        {
            var restarts = _plan.Options.MaxWorkerRestarts;
            StopQueues($"not run: the worker was restarted {restarts} time{(restarts == 1 ? "" : "s")} (--max-worker-restarts {restarts})");
        }
    }

    private static string NotCounted(bool canaryDeath) =>
        canaryDeath ? " (during a refusal canary: not counted against --max-worker-restarts)" : "";

    private void StartQuarantine(CrashGroup group, WorkItem like)
    {
        foreach (var module in group.Modules)
        {
            var item = new WorkItem(module, like.Mode, WorkPurpose.CrashQuarantine, null);
            _groups[item.Key] = group;
            Requeue(item);
        }
    }

    private void Blame(WorkerLane lane, ModuleRun run, WorkerDeath death)
    {
        lane.InFlight.Remove(run.Seq);
        run.Result.Crash = death.ToCrash(CrashAttribution.Test(run), CrashAttribution.Reason(run, death));
        run.Abort(TestOutcome.Crashed, $"the worker {death.Describe()}");
        Conclude(run);
    }

    private void RequeueInnocent(WorkerLane lane, ModuleRun run, WorkerDeath death)
    {
        lane.InFlight.Remove(run.Seq);
        var retries = _innocentRetries[run.Item.Key] = _innocentRetries.GetValueOrDefault(run.Item.Key) + 1;
        if (retries > MaxInnocentRetries)
        {
            run.Result.Crash = death.ToCrash(null, $"the worker {death.Describe()} while creating this module's interpreter, {retries} times in a row");
            run.Abort(TestOutcome.Crashed, $"the worker {death.Describe()}");
            Conclude(run);
            return;
        }
        Requeue(run.Item);
        Observer.Notice($"{run.Module.Name}: re-queued (its worker died before its interpreter was created)");
    }

    /// <summary>Back to its queue: a module of the plan to the front of the plan's, one that must run alone to the alone queue.</summary>
    private void Requeue(WorkItem item)
    {
        if (_stopReason is { } reason)
        {
            Conclude(item, NotRunResult(item, reason), -1);
        }
        else if (item.Alone)
        {
            _aloneQueue.Enqueue(item);
        }
        else
        {
            _mainQueue.AddFirst(item);
        }
    }

    private async Task TimedOutAsync(WorkerLane lane, IReadOnlyList<Deadlines.Expiry> expired, string? stacks, string? whyNoStacks)
    {
        var worker = lane.Worker;
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
        await DrainAsync(lane).ConfigureAwait(false);
        Bury(lane);
        Release(lane);
        foreach (var expiry in expired)
        {
            var run = expiry.Run;
            if (!lane.InFlight.Remove(run.Seq))
            {
                continue; // it finished after all
            }
            var what = expiry.Kind == "test" ? $"test {expiry.Test}" : "module";
            run.Result.Timeout = new TimeoutInfo(expiry.LimitSeconds, expiry.Test, expiry == expired[0] ? stacks : null, expiry.Kind);
            run.Abort(TestOutcome.TimedOut, $"timed out: the {what} ran longer than {expiry.LimitSeconds:0.###} s");
            Conclude(run);
            Observer.Notice($"{run.Module.Name}: the {what} timed out after {expiry.LimitSeconds:0.###} s; worker {worker.Pid} stopped ({exit.Describe()})");
        }
        foreach (var run in lane.InFlight.Values.ToList())
        {
            // Innocent: it shared the worker that had to be stopped; run it again from scratch.
            lane.InFlight.Remove(run.Seq);
            Requeue(run.Item);
            Observer.Notice($"{run.Module.Name}: re-queued (its worker was stopped because another module timed out)");
        }
    }
}
