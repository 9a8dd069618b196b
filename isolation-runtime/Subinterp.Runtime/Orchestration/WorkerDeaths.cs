namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A worker that died, or that the orchestrator had to stop: whom to blame, whom to run again, and
/// when to give up. A module alone in flight is blamed; several suspects are each re-run alone
/// (quarantine, see <see cref="CrashGroup"/>) before anyone is blamed; modules that ran no code yet
/// go back to the queue. Every death but a refusal canary's counts against --max-worker-restarts.
/// </summary>
internal sealed class WorkerDeaths(RunPlan plan, WorkerPool workers, Scheduler scheduler, ResultLifecycle lifecycle, LaneEvents events)
{
    // A module whose worker died while its interpreter was being created ran no code: it is run
    // again, but not forever.
    private const int MaxInnocentRetries = 2;

    private readonly Dictionary<string, int> _innocentRetries = new(StringComparer.Ordinal);
    private int _deaths;

    private Session.ISessionObserver Observer => lifecycle.Observer;

    /// <param name="stoppedFor">Why the orchestrator stops the worker; null when it died or broke by itself.</param>
    /// <param name="closed">Which connection closed, when that is how the death was noticed.</param>
    public async Task DiedAsync(WorkerLane lane, string? stoppedFor, string? closed = null)
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
        await events.DrainAsync(lane).ConfigureAwait(false);
        // A death during a refusal canary is the orchestrator's own probe answering yes (CPython 3.12
        // left the process broken): each module causes at most two (beside a neighbour, then alone),
        // so it cannot loop, and on CPython's own test suite counting them let a dozen known-defect
        // crashes use up the restarts and leave most of the suite not run.
        var canaryDeath = lane.InFlight.Values.Any(run => run.Phase == RunPhase.Canary);
        Bury(lane, counted: !canaryDeath);
        var death = WorkerDeath.Of(worker, exit, stoppedFor);
        if (lane.InFlight.Count == 0)
        {
            lifecycle.WorkerGone(lane);
            Observer.Notice($"worker {worker.Pid} {death.Describe()} after its modules had finished");
            return;
        }
        var who = CrashAttribution.Attribute(lane.InFlight.Values, lifecycle.HeldOn(lane));
        // Suspected previous modules get their result from the re-run alone; the others stand as they finished.
        lifecycle.WorkerGone(lane, suspected: lane.Alone ? [] : who.Previous);
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
            lifecycle.Quarantine(CrashGroup.OfSuspects(death, who.Suspects), who.Suspects[0].Item.Mode);
            Observer.Notice($"worker {worker.Pid} {death.Describe()} with {who.Suspects.Count} modules in flight ({string.Join(", ", who.Suspects.Select(r => r.Module.Name))}); each will be re-run alone{NotCounted(canaryDeath)}");
        }
        else if (who.Previous.Count > 0 && !lane.Alone)
        {
            lifecycle.Quarantine(CrashGroup.OfPrevious(death, who.Previous, who.Innocent), who.Previous[0].Item.Mode);
            Observer.Notice($"worker {worker.Pid} {death.Describe()} while creating an interpreter; re-running {string.Join(", ", who.Previous.Select(r => r.Module.Name))}, which ran last on that slot, alone");
        }
    }

    /// <summary>The worker is gone: it takes no more work, and unless <paramref name="counted"/> is false a restart is counted against --max-worker-restarts.</summary>
    public void Bury(WorkerLane lane, bool counted = true)
    {
        workers.Remove(lane);
        if (!counted)
        {
            return;
        }
        _deaths++;
        if (_deaths > plan.Options.MaxWorkerRestarts)
        {
            var restarts = plan.Options.MaxWorkerRestarts;
            scheduler.Stop($"not run: the worker was restarted {restarts} time{(restarts == 1 ? "" : "s")} (--max-worker-restarts {restarts})");
        }
    }

    private static string NotCounted(bool canaryDeath) =>
        canaryDeath ? " (during a refusal canary: not counted against --max-worker-restarts)" : "";

    private void Blame(WorkerLane lane, ModuleRun run, WorkerDeath death)
    {
        lane.InFlight.Remove(run.Seq);
        run.Crashed(death.ToCrash(CrashAttribution.Test(run), CrashAttribution.Reason(run, death)), $"the worker {death.Describe()}");
        lifecycle.Stopped(run);
    }

    private void RequeueInnocent(WorkerLane lane, ModuleRun run, WorkerDeath death)
    {
        lane.InFlight.Remove(run.Seq);
        var retries = _innocentRetries[run.Item.Key] = _innocentRetries.GetValueOrDefault(run.Item.Key) + 1;
        if (retries > MaxInnocentRetries)
        {
            run.Crashed(death.ToCrash(null, $"the worker {death.Describe()} while creating this module's interpreter, {retries} times in a row"), $"the worker {death.Describe()}");
            lifecycle.Stopped(run);
            return;
        }
        scheduler.Requeue(run.Item);
        Observer.Notice($"{run.Module.Name}: re-queued (its worker died before its interpreter was created)");
    }
}
