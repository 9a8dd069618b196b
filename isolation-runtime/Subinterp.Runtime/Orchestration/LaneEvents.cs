using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A worker's events applied in arrival order: folded into its modules' runs, told to the observer
/// as live progress, and each run that is over handed to the <see cref="ResultLifecycle"/>. An event
/// that shows the worker dead or a module out of time is returned as <see cref="Trouble"/> for the
/// orchestrator's loop to hand to <see cref="WorkerDeaths"/> or <see cref="Timeouts"/>.
/// </summary>
internal sealed class LaneEvents(RunPlan plan, ResultLifecycle lifecycle, Journal.RunJournal? journal)
{
    public abstract record Trouble;

    /// <param name="StoppedFor">Why the worker must be stopped; null when it died or broke by itself.</param>
    /// <param name="Closed">Which connection closed, when that is how the death was noticed.</param>
    public sealed record Died(string? StoppedFor, string? Closed = null) : Trouble;

    /// <summary>The driver's watchdog reported a module or a test out of time.</summary>
    public sealed record TimedOut(Deadlines.Expiry Expiry, string? Stacks, string? WhyNoStacks) : Trouble;

    private Session.ISessionObserver Observer => lifecycle.Observer;

    /// <summary>Applies one event; the trouble it shows, or null.</summary>
    public Trouble? Apply(WorkerLane lane, WorkerEvent next)
    {
        if (next.Kind != WorkerEventKind.Line)
        {
            return new Died(null, next.Kind == WorkerEventKind.Exited ? null
                : next.Source < 0 ? "its control connection closed" : $"slot {next.Source}'s event channel closed");
        }
        if (!TryDecode(next.Line!, out var message))
        {
            return new Died($"slot {next.Source}'s event channel carried a line that is not a protocol message (test code writing to its descriptor?)");
        }
        journal?.Event(lane.Worker.Pid, next.Line);
        if (message is TimeoutMessage timeout && lane.InFlight.TryGetValue(timeout.Seq, out var late))
        {
            var expiry = new Deadlines.Expiry(late, timeout.Scope, timeout.Limit, timeout.Id ?? late.CurrentTest);
            return new TimedOut(expiry, timeout.Stacks, timeout.Detail);
        }
        Apply(lane, message, draining: false);
        return null;
    }

    /// <summary>After the worker is gone: apply what it wrote before it died, in order.</summary>
    public async Task DrainAsync(WorkerLane lane)
    {
        foreach (var line in await lane.Worker.DrainAsync().ConfigureAwait(false))
        {
            if (TryDecode(line.Line!, out var message))
            {
                journal?.Event(lane.Worker.Pid, line.Line);
                Apply(lane, message, draining: true);
            }
        }
    }

    private static bool TryDecode(byte[] line, out ProtocolMessage message)
    {
        try
        {
            message = ProtocolCodec.Decode(line);
            return true;
        }
        catch (ProtocolException)
        {
            message = null!;
            return false;
        }
    }

    private void Apply(WorkerLane lane, ProtocolMessage message, bool draining)
    {
        if (message is LeaksSettledMessage settled && lifecycle.Settled(lane, settled.Seq, waiting => waiting.Apply(settled)))
        {
            return;
        }
        if (message is not SlotMessage about || !lane.InFlight.TryGetValue(about.Seq, out var run))
        {
            return;
        }
        if (message is HookFailedMessage failed)
        {
            // The driver kept the test code from seeing it; what the hook was there to see may be missing.
            Observer.Notice($"{run.Module.Name}: the driver's {failed.Hook} hook failed, so what it watches may be missing from this module's result " +
                $"(a bug of Subinterp's, not of the tests; please report it): {failed.Message}");
        }
        if (message is InterpCreatedMessage)
        {
            // The slot created an interpreter after its previous module: that one is cleared.
            lifecycle.InterpreterCreated(lane, run.WorkerSlot);
        }
        if (message is TestStartMessage started)
        {
            Observer.TestStarted(new Session.TestStart(run.Module, run.Item.Mode, run.Slot, started.Id));
        }
        if (run.Apply(message) is { } test)
        {
            Observer.TestFinished(new Session.TestFinish(run.Module, run.Item.Mode, run.Slot, test, run.Attempt));
        }
        switch (message)
        {
            case ModuleDoneMessage when run.PastDeadline:
                break; // its worker is being stopped for its timeout, which ends it (Timeouts)
            case ModuleDoneMessage:
                lane.Retiring |= run.Abandoned;
                if (!draining && RefusalCanary.Applies(plan, run))
                {
                    // A canary expected to crash waits until no module of this worker runs test code,
                    // so that its crash takes no neighbour's half-run module down with it (on 3.12
                    // re-running those cost a suite 3.7x its 3.13 time); a fresh worker takes the
                    // next modules meanwhile.
                    run.AwaitCanary(RefusalCanary.WaitsForQuiet(plan, run));
                    lane.Closing |= run.CanaryWaits;
                    SendCanariesWhenQuiet(lane);
                    return;
                }
                Finish(lane, run);
                SendCanariesWhenQuiet(lane);
                break;
            case CanaryDoneMessage:
                run.CanaryDone();
                Finish(lane, run);
                break;
        }
    }

    private static void SendCanariesWhenQuiet(WorkerLane lane)
    {
        foreach (var run in RefusalCanary.Due(lane.InFlight.Values))
        {
            run.CanarySent();
            lane.Worker.Send(new CanaryMessage { Slot = run.WorkerSlot, Seq = run.Seq, Mode = run.Item.Mode, Extensions = [.. run.RefusedExtensions] });
        }
    }

    private void Finish(WorkerLane lane, ModuleRun run)
    {
        lane.Free(run);
        if (lane.Alone)
        {
            lane.Closing = true;
        }
        lifecycle.Finished(lane, run);
    }
}
