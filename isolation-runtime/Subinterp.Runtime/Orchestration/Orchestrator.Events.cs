using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>A worker's events folded into its modules' runs, and each finished run concluded.</summary>
internal sealed partial class Orchestrator
{
    /// <summary>Applies one event; true when it showed the worker dead (it has then been dealt with).</summary>
    private async Task<bool> HandleEventAsync(WorkerLane lane, WorkerEvent next)
    {
        if (next.Kind != WorkerEventKind.Line)
        {
            var closed = next.Kind == WorkerEventKind.Exited ? null
                : next.Source < 0 ? "its control connection closed" : $"slot {next.Source}'s event channel closed";
            await WorkerDiedAsync(lane, null, closed).ConfigureAwait(false);
            return true;
        }
        if (!TryDecode(next.Line!, out var message))
        {
            await WorkerDiedAsync(lane,
                $"slot {next.Source}'s event channel carried a line that is not a protocol message (test code writing to its descriptor?)").ConfigureAwait(false);
            return true;
        }
        _journal?.Event(lane.Worker.Pid, next.Line);
        if (message.Type == ProtocolMessageTypes.Timeout && message.Seq is { } seq && lane.InFlight.TryGetValue(seq, out var late))
        {
            var expiry = new Deadlines.Expiry(late, message.Kind ?? "module", message.Limit ?? 0, message.Id ?? late.CurrentTest);
            await TimedOutAsync(lane, [expiry], message.Stacks, message.Detail).ConfigureAwait(false);
            return true;
        }
        Apply(lane, message, draining: false);
        return false;
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
        if (message.Type == ProtocolMessageTypes.LeaksSettled && message.Seq is { } settledSeq && lane.AwaitingSettlement.Remove(settledSeq, out var waiting))
        {
            waiting.Apply(message);
            Conclude(waiting);
            return;
        }
        if (message.Seq is not { } seq || !lane.InFlight.TryGetValue(seq, out var run))
        {
            return;
        }
        if (message.Type == ProtocolMessageTypes.HookFailed)
        {
            // The driver kept the test code from seeing it; what the hook was there to see may be missing.
            Observer.Notice($"{run.Module.Name}: the driver's {message.Kind} hook failed, so what it watches may be missing from this module's result " +
                $"(a bug of Subinterp's, not of the tests; please report it): {message.Message}");
        }
        if (message.Type == ProtocolMessageTypes.InterpCreated)
        {
            // The slot created an interpreter after its previous module: that one is cleared.
            Release(lane, run.Slot);
        }
        if (message.Type == ProtocolMessageTypes.TestStart && message.Id is { } testId)
        {
            Observer.TestStarted(new Session.TestStart(run.Module, run.Item.Mode, run.Position, testId));
        }
        if (run.Apply(message) is { } test)
        {
            Observer.TestFinished(new Session.TestFinish(run.Module, run.Item.Mode, run.Position, test, run.Attempt));
        }
        switch (message.Type)
        {
            case ProtocolMessageTypes.ModuleDone:
                lane.Retiring |= run.Abandoned;
                if (!draining && !run.Abandoned && run.Item.Purpose != WorkPurpose.Collect && RefusalCanary.Applies(_plan, run))
                {
                    run.Phase = RunPhase.Canary;
                    // A canary expected to crash waits until no module of this worker runs test code,
                    // so that its crash takes no neighbour's half-run module down with it (on 3.12
                    // re-running those cost a suite 3.7x its 3.13 time); a fresh worker takes the
                    // next modules meanwhile.
                    run.CanaryWaits = RefusalCanary.WaitsForQuiet(_plan, run);
                    lane.Closing |= run.CanaryWaits;
                    SendCanariesWhenQuiet(lane);
                    return;
                }
                Finish(lane, run);
                SendCanariesWhenQuiet(lane);
                break;
            case ProtocolMessageTypes.CanaryDone:
                run.Phase = RunPhase.Done;
                Finish(lane, run);
                break;
        }
    }

    private void SendCanariesWhenQuiet(WorkerLane lane)
    {
        foreach (var run in RefusalCanary.Due(lane.InFlight.Values))
        {
            run.CanarySent = true;
            lane.Worker.Send(new ProtocolMessage
            {
                Type = ProtocolMessageTypes.Canary, Slot = run.Slot, Seq = run.Seq, Mode = run.Item.Mode.Name(), Imports = run.RefusedExtensions,
            });
        }
    }

    private void Finish(WorkerLane lane, ModuleRun run)
    {
        lane.InFlight.Remove(run.Seq);
        lane.Idle.Enqueue(run.Slot);
        lane.Closing |= lane.Alone;
        if (run.PendingLeaks is not null)
        {
            // Its slot is free; its verdict waits for the neighbours it ran beside to end, or for the
            // worker's later look at a thread that was ending (see Leaks/ProcessLeakMonitor).
            lane.AwaitingSettlement[run.Seq] = run;
            return;
        }
        if (lane.Alone)
        {
            Conclude(run);
            return;
        }
        var result = run.Finish();
        if (!Defer(run, result))
        {
            lane.Held[run.Slot] = (run, result);
        }
    }

    /// <summary>Publishes the result held on a slot (or on every slot, and what still waits for a settlement: the worker is done or gone).</summary>
    private void Release(WorkerLane lane, int? slot = null)
    {
        if (slot is null)
        {
            foreach (var waiting in lane.AwaitingSettlement.Values.ToList())
            {
                // What the worker still held can only be told apart by running the module alone.
                waiting.GiveUpWaitingForSettlement();
                Conclude(waiting);
            }
            lane.AwaitingSettlement.Clear();
        }
        foreach (var held in lane.Held.Where(entry => slot is null || entry.Key == slot).ToList())
        {
            lane.Held.Remove(held.Key);
            Conclude(held.Value.Run.Item, held.Value.Result, held.Value.Run.Position);
        }
    }

    /// <summary>After the worker is gone: apply what it wrote before it died, in order.</summary>
    private async Task DrainAsync(WorkerLane lane)
    {
        foreach (var line in await lane.Worker.DrainAsync().ConfigureAwait(false))
        {
            if (TryDecode(line.Line!, out var message))
            {
                _journal?.Event(lane.Worker.Pid, line.Line);
                Apply(lane, message, draining: true);
            }
        }
    }

    /// <summary>A module's run is over and nothing can revise it: confirm it alone, or conclude it.</summary>
    private void Conclude(ModuleRun run)
    {
        var result = run.Finish();
        if (!Defer(run, result))
        {
            Conclude(run.Item, result, run.Position);
        }
    }

    /// <summary>True when the result is held back until the module has been re-run alone.</summary>
    private bool Defer(ModuleRun run, ModuleResult result)
    {
        if (run.Item.Purpose == WorkPurpose.Collect)
        {
            _listed[run.Item.Key] = run.Listed;
        }
        if (!_leaks.Defer(run, result, out var confirm))
        {
            return false;
        }
        Requeue(confirm);
        Observer.Notice($"{run.Module.Name}: {LeakConfirmation.Describe(run)}; re-running it alone in a fresh worker to confirm");
        return true;
    }

    /// <summary>Hands the result to its crash group or its confirmation, or publishes it.</summary>
    private void Conclude(WorkItem item, ModuleResult result, int position)
    {
        switch (item.Purpose)
        {
            case WorkPurpose.CrashQuarantine when _groups.Remove(item.Key, out var group):
                if (group.Record(item.Module, result))
                {
                    foreach (var (member, decided) in group.Decide())
                    {
                        _publisher.Publish(item with { Module = member }, decided, position);
                    }
                }
                return;
            case WorkPurpose.LeakConfirmation:
                _leaks.Resolve(item, result, position);
                return;
            default:
                _publisher.Publish(item, result, position, record: item.Purpose != WorkPurpose.Collect);
                return;
        }
    }
}
