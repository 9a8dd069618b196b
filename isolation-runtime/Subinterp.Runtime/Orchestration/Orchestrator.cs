using Subinterp.Runtime.Journal;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Feeds a plan's modules to worker slots, folds their streamed events into results, and survives
/// worker deaths: a module alone in flight is blamed; several suspects are re-run alone
/// (quarantine, see <see cref="CrashGroup"/>) before anyone is blamed; timeouts and the memory
/// limit stop the worker; a fresh worker takes over the rest of the queue. Every event and every
/// final result goes to the run's journal, which `--resume` reads back.
/// </summary>
public sealed partial class Orchestrator
{
    // A module whose worker died while its interpreter was being created ran no code: it is run
    // again, but not forever.
    private const int MaxInnocentRetries = 2;

    private readonly RunPlan _plan;
    private readonly IRunObserver _observer;
    private readonly IReadOnlyDictionary<string, ModuleResult>? _resumed;
    private readonly Dictionary<string, ModuleResult> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CrashGroup> _groups = new(StringComparer.Ordinal);
    private readonly Queue<TestModule> _quarantine = new();
    private readonly Dictionary<string, int> _innocentRetries = new(StringComparer.Ordinal);
    private readonly DurationHistory _history;
    private readonly MemoryWatchdog _memory;
    private RunJournal? _journal;
    private DateTime _nextMemorySample;
    private Queue<TestModule>? _leakSuspects = new();
    private readonly Dictionary<string, List<LeakFinding>> _unconfirmedLeaks = new(StringComparer.Ordinal);
    private int _seq;
    private int _deaths;

    /// <param name="resumed">Results of an interrupted run's journal (`--resume`): those modules are not run again.</param>
    public Orchestrator(RunPlan plan, IRunObserver? observer = null, IReadOnlyDictionary<string, ModuleResult>? resumed = null)
    {
        _plan = plan;
        _observer = observer ?? new NullObserver();
        _resumed = resumed;
        _history = DurationHistory.Load(plan.Options.StateDirectory);
        _memory = new MemoryWatchdog(plan.Options.MemoryLimitMegabytes);
    }

    private sealed class NullObserver : IRunObserver;

    private enum DriveOutcome { Finished, Died, Retired }

    /// <summary>One worker's slots as the orchestrator sees them.</summary>
    private sealed class WorkerState(int slots)
    {
        public Queue<int> Idle { get; } = new(Enumerable.Range(0, slots));
        public Dictionary<int, ModuleRun> InFlight { get; } = [];
        public Dictionary<int, ModuleRun> LastFinishedOnSlot { get; } = [];

        /// <summary>Modules that finished while the worker still holds changes they may have made, until their neighbours end.</summary>
        public Dictionary<int, ModuleRun> AwaitingSettlement { get; } = [];

        /// <summary>An interpreter was abandoned: no new work; replace the worker once its modules finish.</summary>
        public bool Retiring { get; set; }
    }

    public async Task<RunReport> RunAsync(CancellationToken cancellation = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _observer.RunStarting(_plan);
        using var journal = _resumed is null ? RunJournal.Create(_plan) : RunJournal.Continue(_plan.Options.StateDirectory);
        _journal = journal;
        var queue = new Queue<TestModule>();
        foreach (var module in _plan.Modules)
        {
            if (_resumed?.TryGetValue(module.Key, out var done) == true)
            {
                _results[module.Key] = done;
                _observer.ModuleFinished(-1, module, done);
            }
            else
            {
                queue.Enqueue(module);
            }
        }
        if (_resumed is not null)
        {
            _observer.Notice($"resuming: {_results.Count} of {_plan.Modules.Count} modules already have results; running the other {queue.Count}");
        }
        await RunQueueAsync(queue, _plan.Slots, quarantinePass: false, cancellation).ConfigureAwait(false);
        while (_quarantine.TryDequeue(out var suspect))
        {
            _observer.Notice($"quarantine: re-running {suspect.Name} alone in a fresh worker");
            await RunQueueAsync(new Queue<TestModule>([suspect]), 1, quarantinePass: true, cancellation).ConfigureAwait(false);
        }
        await ConfirmLeaksAloneAsync(cancellation).ConfigureAwait(false);
        journal.End();
        _history.Save();
        var modules = _plan.Modules.Select(module => _results[module.Key])
            .OrderBy(result => result.Module, StringComparer.Ordinal).ThenBy(result => result.Path, StringComparer.Ordinal).ToList();
        var report = new RunReport
        {
            Python = new PythonInfo(_plan.Python.VersionText, _plan.Python.Executable, _plan.Python.Library),
            Mode = _plan.Options.Mode == InterpreterMode.Legacy ? "legacy" : "isolated",
            Engine = _plan.Engine,
            Jobs = _plan.Slots,
            Modules = modules,
            Summary = RunSummary.Of(modules),
            DurationMs = clock.Elapsed.TotalMilliseconds,
        };
        // Findings and the exit code; a run's completion (RunCompletion) decides them again after the comparisons.
        _plan.Options.ExitPolicy.Apply(report);
        return report;
    }

    /// <param name="quarantinePass">This pass re-runs one suspect alone; its result goes to the suspect's crash group.</param>
    private async Task RunQueueAsync(Queue<TestModule> queue, int slots, bool quarantinePass, CancellationToken cancellation)
    {
        while (queue.Count > 0)
        {
            if (_deaths > _plan.Options.MaxWorkerRestarts)
            {
                var restarts = _plan.Options.MaxWorkerRestarts;
                MarkNotRun(queue, $"not run: the worker was restarted {restarts} time{(restarts == 1 ? "" : "s")} (--max-worker-restarts {restarts})", quarantinePass);
                return;
            }
            var worker = await WorkerProcess.StartAsync(_plan.Python, Math.Min(slots, queue.Count), _plan.Options.StateDirectory, MainInterpreterPreload.For(_plan), keepDefaultAllocator: _plan.Options.RepeatLifecycles > 1, cancellation).ConfigureAwait(false);
            await using (worker.ConfigureAwait(false))
            {
                if (await DriveAsync(worker, new WorkerState(worker.Slots), queue, quarantinePass, cancellation).ConfigureAwait(false) == DriveOutcome.Retired)
                {
                    // Its abandoned interpreter may still run threads: no graceful shutdown.
                    _observer.Notice($"worker {worker.Pid} replaced: it holds an interpreter that could not be ended");
                    worker.Kill();
                }
            }
        }
    }

    /// <summary>Runs modules on one worker until the queue is empty, the worker is retired, or it died.</summary>
    private async Task<DriveOutcome> DriveAsync(WorkerProcess worker, WorkerState state, Queue<TestModule> queue, bool quarantinePass, CancellationToken cancellation)
    {
        while (true)
        {
            while (!state.Retiring && state.Idle.Count > 0 && queue.Count > 0)
            {
                var run = new ModuleRun(queue.Dequeue(), state.Idle.Dequeue(), ++_seq, worker.Pid, _plan.Options.Mode);
                NoteOverlap(run, state.InFlight.Values);
                state.InFlight[run.Seq] = run;
                _observer.ModuleStarted(run.Slot, run.Module);
                // A send that fails shows up as the worker's death in its events.
                worker.Send(RunMessage(run));
            }
            if (state.InFlight.Count == 0)
            {
                StopAwaitingSettlement(state, quarantinePass);
                return state.Retiring ? DriveOutcome.Retired : DriveOutcome.Finished;
            }

            var next = await worker.NextEventAsync(WakeAfter(state), cancellation).ConfigureAwait(false);
            if (next is not null && await HandleEventAsync(worker, state, queue, quarantinePass, next).ConfigureAwait(false))
            {
                return DriveOutcome.Died;
            }
            // Checked on time whether or not events keep coming: a busy slot must not hide a stuck or bloated one.
            if (DateTime.UtcNow >= _nextMemorySample)
            {
                _nextMemorySample = DateTime.UtcNow + MemoryWatchdog.Interval;
                if (_memory.Check(worker.Pid) is { } outOfMemory)
                {
                    await WorkerDiedAsync(worker, state, queue, quarantinePass, outOfMemory).ConfigureAwait(false);
                    return DriveOutcome.Died;
                }
            }
            var expired = Deadlines.Expired(state.InFlight.Values, _plan.Options, DateTime.UtcNow);
            if (expired.Count > 0)
            {
                await TimedOutAsync(worker, state, queue, quarantinePass, expired, stacks: null,
                    "the interpreter's watchdog thread did not report in time (test code holding the GIL in C?)").ConfigureAwait(false);
                return DriveOutcome.Died;
            }
        }
    }

    /// <summary>Applies one event; true when it showed the worker dead (it has then been dealt with).</summary>
    private async Task<bool> HandleEventAsync(WorkerProcess worker, WorkerState state, Queue<TestModule> queue, bool quarantinePass, WorkerEvent next)
    {
        if (next.Kind != WorkerEventKind.Line)
        {
            var closed = next.Kind == WorkerEventKind.Exited ? null
                : next.Source < 0 ? "its control connection closed" : $"slot {next.Source}'s event channel closed";
            await WorkerDiedAsync(worker, state, queue, quarantinePass, null, closed).ConfigureAwait(false);
            return true;
        }
        if (!TryDecode(next.Line!, out var message))
        {
            await WorkerDiedAsync(worker, state, queue, quarantinePass,
                $"slot {next.Source}'s event channel carried a line that is not a protocol message (test code writing to its descriptor?)").ConfigureAwait(false);
            return true;
        }
        _journal!.Event(worker.Pid, next.Line);
        if (message.Type == ProtocolMessageTypes.Timeout && message.Seq is { } seq && state.InFlight.TryGetValue(seq, out var late))
        {
            var expiry = new Deadlines.Expiry(late, message.Kind ?? "module", message.Limit ?? 0, message.Id ?? late.CurrentTest);
            await TimedOutAsync(worker, state, queue, quarantinePass, [expiry], message.Stacks, message.Detail).ConfigureAwait(false);
            return true;
        }
        Apply(worker, state, message, quarantinePass, draining: false);
        return false;
    }

    private ProtocolMessage RunMessage(ModuleRun run) => new()
    {
        Type = ProtocolMessageTypes.Run, Slot = run.Slot, Seq = run.Seq, Module = run.Module.Name, Path = run.Module.FullPath,
        Root = run.Module.Root, Engine = _plan.Engine, Mode = ModeName, OutputLimit = _plan.Options.OutputLimitBytes,
        TestTimeout = _plan.Options.TestTimeoutSeconds, ModuleTimeout = _plan.Options.ModuleTimeoutSeconds,
        ThreadJoinTimeout = _plan.Options.ThreadJoinSeconds,
        Repeat = _plan.Options.RepeatLifecycles > 1 ? _plan.Options.RepeatLifecycles : null,
    };

    private string ModeName => _plan.Options.Mode == InterpreterMode.Legacy ? "legacy" : "isolated";

    private TimeSpan? WakeAfter(WorkerState state)
    {
        TimeSpan? wait = _memory.Enabled ? MemoryWatchdog.Interval : null;
        if (Deadlines.Next(state.InFlight.Values, _plan.Options) is { } due)
        {
            var untilDue = due - DateTime.UtcNow;
            wait = wait is { } sample && sample < untilDue ? sample : untilDue;
        }
        return wait;
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

    private void Apply(WorkerProcess worker, WorkerState state, ProtocolMessage message, bool quarantinePass, bool draining)
    {
        if (message.Type == ProtocolMessageTypes.LeaksSettled && message.Seq is { } settledSeq && state.AwaitingSettlement.Remove(settledSeq, out var waiting))
        {
            waiting.Apply(message);
            Conclude(waiting, quarantinePass);
            return;
        }
        if (message.Seq is not { } seq || !state.InFlight.TryGetValue(seq, out var run))
        {
            return;
        }
        if (message.Type == ProtocolMessageTypes.TestStart && message.Id is { } testId)
        {
            _observer.TestStarted(run.Slot, run.Module, testId);
        }
        if (run.Apply(message) is { } test)
        {
            _observer.TestFinished(run.Slot, run.Module, test);
        }
        switch (message.Type)
        {
            case ProtocolMessageTypes.ModuleDone:
                state.Retiring |= run.Abandoned;
                if (!draining && !run.Abandoned && RefusalCanary.Applies(_plan, run))
                {
                    run.Phase = RunPhase.Canary;
                    worker.Send(new ProtocolMessage
                    {
                        Type = ProtocolMessageTypes.Canary, Slot = run.Slot, Seq = run.Seq, Mode = ModeName, Imports = run.RefusedExtensions,
                    });
                    return;
                }
                Finish(state, run, quarantinePass);
                break;
            case ProtocolMessageTypes.CanaryDone:
                run.Phase = RunPhase.Done;
                Finish(state, run, quarantinePass);
                break;
        }
    }

    private void Finish(WorkerState state, ModuleRun run, bool quarantinePass)
    {
        state.InFlight.Remove(run.Seq);
        state.LastFinishedOnSlot[run.Slot] = run;
        state.Idle.Enqueue(run.Slot);
        if (run.PendingLeaks is not null)
        {
            // Its slot is free; its verdict comes when the neighbours it waits for have ended.
            state.AwaitingSettlement[run.Seq] = run;
            return;
        }
        Conclude(run, quarantinePass);
    }

    /// <summary>The worker is done or gone: what it still held is settled by running those modules alone.</summary>
    private void StopAwaitingSettlement(WorkerState state, bool quarantinePass)
    {
        foreach (var run in state.AwaitingSettlement.Values.ToList())
        {
            run.GiveUpWaitingForSettlement();
            Conclude(run, quarantinePass);
        }
        state.AwaitingSettlement.Clear();
    }

    /// <summary>After the worker is gone: apply what it wrote before it died, in order.</summary>
    private async Task DrainAsync(WorkerProcess worker, WorkerState state, bool quarantinePass)
    {
        foreach (var line in await worker.DrainAsync().ConfigureAwait(false))
        {
            if (TryDecode(line.Line!, out var message))
            {
                _journal!.Event(worker.Pid, line.Line);
                Apply(worker, state, message, quarantinePass, draining: true);
            }
        }
    }

    /// <param name="stoppedFor">Why the orchestrator stops the worker; null when it died or broke by itself.</param>
    /// <param name="closed">Which connection closed, when that is how the death was noticed.</param>
    private async Task WorkerDiedAsync(WorkerProcess worker, WorkerState state, Queue<TestModule> queue, bool quarantinePass, string? stoppedFor, string? closed = null)
    {
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
        await DrainAsync(worker, state, quarantinePass).ConfigureAwait(false);
        StopAwaitingSettlement(state, quarantinePass);
        _deaths++;
        var death = WorkerDeath.Of(worker, exit, stoppedFor);
        if (state.InFlight.Count == 0)
        {
            _observer.Notice($"worker {worker.Pid} {death.Describe()} after its modules had finished");
            return;
        }
        var who = CrashAttribution.Attribute(state.InFlight.Values, state.LastFinishedOnSlot);
        foreach (var run in who.Innocent)
        {
            RequeueInnocent(state, run, death, queue, quarantinePass);
        }
        if (who.Suspects.Count == 1)
        {
            Blame(state, who.Suspects[0], death, quarantinePass);
            _observer.Notice($"worker {worker.Pid} {death.Describe()} while {who.Suspects[0].Module.Name} ran; starting a fresh worker for the remaining modules");
        }
        else if (who.Suspects.Count > 1)
        {
            foreach (var run in who.Suspects)
            {
                state.InFlight.Remove(run.Seq);
            }
            StartQuarantine(CrashGroup.OfSuspects(death, who.Suspects));
            _observer.Notice($"worker {worker.Pid} {death.Describe()} with {who.Suspects.Count} modules in flight ({string.Join(", ", who.Suspects.Select(r => r.Module.Name))}); each will be re-run alone");
        }
        else if (who.Previous.Count > 0 && !quarantinePass)
        {
            StartQuarantine(CrashGroup.OfPrevious(death, who.Previous, who.Innocent));
            _observer.Notice($"worker {worker.Pid} {death.Describe()} while creating an interpreter; re-running {string.Join(", ", who.Previous.Select(r => r.Module.Name))}, which ran last on that slot, alone");
        }
    }

    private void StartQuarantine(CrashGroup group)
    {
        foreach (var module in group.Modules)
        {
            _groups[module.Key] = group;
            _quarantine.Enqueue(module);
        }
    }

    private void Blame(WorkerState state, ModuleRun run, WorkerDeath death, bool quarantinePass)
    {
        state.InFlight.Remove(run.Seq);
        run.Result.Crash = death.ToCrash(CrashAttribution.Test(run), CrashAttribution.Reason(run, death));
        run.Abort(TestOutcome.Crashed, $"the worker {death.Describe()}");
        Conclude(run, quarantinePass);
    }

    private void RequeueInnocent(WorkerState state, ModuleRun run, WorkerDeath death, Queue<TestModule> queue, bool quarantinePass)
    {
        state.InFlight.Remove(run.Seq);
        var retries = _innocentRetries[run.Module.Key] = _innocentRetries.GetValueOrDefault(run.Module.Key) + 1;
        if (retries > MaxInnocentRetries)
        {
            run.Result.Crash = death.ToCrash(null, $"the worker {death.Describe()} while creating this module's interpreter, {retries} times in a row");
            run.Abort(TestOutcome.Crashed, $"the worker {death.Describe()}");
            Conclude(run, quarantinePass);
            return;
        }
        (quarantinePass ? _quarantine : queue).Enqueue(run.Module);
        _observer.Notice($"{run.Module.Name}: re-queued (its worker died before its interpreter was created)");
    }

    private async Task TimedOutAsync(WorkerProcess worker, WorkerState state, Queue<TestModule> queue, bool quarantinePass,
        IReadOnlyList<Deadlines.Expiry> expired, string? stacks, string? whyNoStacks)
    {
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
        await DrainAsync(worker, state, quarantinePass).ConfigureAwait(false);
        StopAwaitingSettlement(state, quarantinePass);
        _deaths++;
        foreach (var expiry in expired)
        {
            var run = expiry.Run;
            if (!state.InFlight.Remove(run.Seq))
            {
                continue; // it finished after all
            }
            var what = expiry.Kind == "test" ? $"test {expiry.Test}" : "module";
            run.Result.Timeout = new TimeoutInfo(expiry.LimitSeconds, expiry.Test, expiry == expired[0] ? stacks : null, expiry.Kind);
            run.Abort(TestOutcome.TimedOut, $"timed out: the {what} ran longer than {expiry.LimitSeconds:0.###} s");
            Conclude(run, quarantinePass);
            _observer.Notice($"{run.Module.Name}: the {what} timed out after {expiry.LimitSeconds:0.###} s; worker {worker.Pid} stopped ({exit.Describe()})");
        }
        foreach (var run in state.InFlight.Values.ToList())
        {
            // Innocent: it shared the worker that had to be stopped; run it again from scratch.
            state.InFlight.Remove(run.Seq);
            (quarantinePass ? _quarantine : queue).Enqueue(run.Module);
            _observer.Notice($"{run.Module.Name}: re-queued (its worker was stopped because another module timed out)");
        }
    }

    /// <summary>A module's run is over: publish it, or hand it to its crash group when this was its quarantine run.</summary>
    private void Conclude(ModuleRun run, bool quarantinePass)
    {
        var result = run.Finish();
        if (!quarantinePass && DeferForLeakConfirmation(run, result))
        {
            return;
        }
        Conclude(run.Module, result, run.Slot, quarantinePass);
    }

    private void Conclude(TestModule module, ModuleResult result, int slot, bool quarantinePass)
    {
        if (quarantinePass && _groups.Remove(module.Key, out var group))
        {
            if (group.Record(module, result))
            {
                foreach (var (member, decided) in group.Decide())
                {
                    Publish(member, decided, slot);
                }
            }
            return;
        }
        Publish(module, result, slot);
    }

    private void Publish(TestModule module, ModuleResult result, int slot)
    {
        var revised = _results.ContainsKey(module.Key);
        _results[module.Key] = result;
        _journal?.Result(module, result);
        _history.Record(module, result.DurationMs);
        if (revised)
        {
            _observer.Notice($"{module.Name}: result revised after quarantine: {ResultNames.Of(result.Verdict)}");
        }
        else
        {
            _observer.ModuleFinished(slot, module, result);
        }
    }

    private void MarkNotRun(Queue<TestModule> queue, string reason, bool quarantinePass)
    {
        while (queue.TryDequeue(out var module))
        {
            var result = new ModuleResult { Module = module.Name, Path = module.RelativePath, Mode = _plan.Options.Mode };
            result.Error = new ModuleError("not-run", reason, null);
            result.Verdict = VerdictRules.Decide(result);
            Conclude(module, result, -1, quarantinePass);
        }
    }
}
