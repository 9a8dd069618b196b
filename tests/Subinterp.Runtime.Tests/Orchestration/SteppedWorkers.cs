using System.Threading.Channels;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Tests.Orchestration;

/// <summary>
/// Starts <see cref="SteppedWorker"/>s for the orchestrator. Nothing happens on its own: a test
/// waits for what the orchestrator sends (<see cref="RunOf"/>) and answers step by step, so the
/// order of events is the test's, never a timer's.
/// </summary>
internal sealed class SteppedLauncher : IWorkerLauncher
{
    private readonly Lock _lock = new();
    private readonly List<SentRun> _runs = [];
    private readonly List<(string Module, int Attempt, TaskCompletionSource<SentRun> Sent)> _waiting = [];
    private readonly List<TaskCompletionSource<IWorker>> _heldStarts = [];
    private readonly TaskCompletionSource _aloneStartRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pid = 1000;

    public List<SteppedWorker> Workers { get; } = [];

    /// <summary>One-slot workers (for a module that must run alone) are not up until <see cref="ReleaseStarts"/>.</summary>
    public bool HoldAloneStarts { get; init; }

    /// <summary>Completes when a one-slot worker has been asked for.</summary>
    public Task AloneStartRequested => _aloneStartRequested.Task;

    public Task<IWorker> StartAsync(WorkerLaunch launch, CancellationToken cancellation)
    {
        lock (_lock)
        {
            var worker = new SteppedWorker(++_pid, launch, this);
            Workers.Add(worker);
            if (launch.Slots > 1 || !HoldAloneStarts)
            {
                return Task.FromResult<IWorker>(worker);
            }
            var start = new TaskCompletionSource<IWorker>(TaskCreationOptions.RunContinuationsAsynchronously);
            _heldStarts.Add(start);
            _aloneStartRequested.TrySetResult();
            return start.Task.ContinueWith(_ => (IWorker)worker, TaskScheduler.Default);
        }
    }

    public void ReleaseStarts()
    {
        lock (_lock)
        {
            foreach (var start in _heldStarts)
            {
                start.TrySetResult(null!);
            }
            _heldStarts.Clear();
        }
    }

    /// <summary>The <paramref name="attempt"/>-th run of the module the orchestrator sends to any worker.</summary>
    public Task<SentRun> RunOf(string module, int attempt = 1)
    {
        lock (_lock)
        {
            if (_runs.Where(run => run.Module == module).Skip(attempt - 1).FirstOrDefault() is { } sent)
            {
                return Task.FromResult(sent);
            }
            var waiter = new TaskCompletionSource<SentRun>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((module, attempt, waiter));
            return waiter.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>How many runs of the module were sent.</summary>
    public int Runs(string module)
    {
        lock (_lock)
        {
            return _runs.Count(run => run.Module == module);
        }
    }

    internal void Sent(SentRun run)
    {
        lock (_lock)
        {
            _runs.Add(run);
            var attempt = _runs.Count(r => r.Module == run.Module);
            foreach (var waiter in _waiting.Where(w => w.Module == run.Module && w.Attempt == attempt).ToList())
            {
                _waiting.Remove(waiter);
                waiter.Sent.TrySetResult(run);
            }
        }
    }
}

/// <summary>A worker process played by the test: it records what it is sent and writes only the events the test tells it to.</summary>
internal sealed class SteppedWorker(int pid, WorkerLaunch launch, SteppedLauncher launcher) : IWorker
{
    private readonly Channel<WorkerEvent> _events = Channel.CreateUnbounded<WorkerEvent>();
    private readonly Dictionary<int, TaskCompletionSource> _canaries = [];
    private readonly Lock _lock = new();
    private int? _exitCode;

    public int Pid => pid;
    public int Slots => launch.Slots;
    public WorkerLaunch Launch => launch;
    public ChannelReader<WorkerEvent> Events => _events.Reader;
    public bool HasExited => _exitCode is not null;
    public string FaultLogPath => "/nonexistent/fault.log";
    public List<ProtocolMessage> Received { get; } = [];

    public bool Send(ProtocolMessage message)
    {
        lock (_lock)
        {
            if (HasExited)
            {
                return false;
            }
            Received.Add(message);
            if (message is CanaryMessage canary)
            {
                CanaryOf(canary.Seq).TrySetResult();
            }
        }
        if (message is RunMessage run)
        {
            launcher.Sent(new SentRun(this, run.Slot, run.Seq, run.Driver.Module, run.Driver.Select));
        }
        return true;
    }

    /// <summary>Completes when the orchestrator has sent the canary for that run.</summary>
    public Task CanarySent(int seq)
    {
        lock (_lock)
        {
            return CanaryOf(seq).Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private TaskCompletionSource CanaryOf(int seq)
    {
        if (!_canaries.TryGetValue(seq, out var canary))
        {
            _canaries[seq] = canary = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return canary;
    }

    /// <summary>A line on that slot's channel, or on the control connection (<paramref name="slot"/> -1).</summary>
    public void Emit(int slot, SlotMessage message)
    {
        lock (_lock)
        {
            if (HasExited)
            {
                return;
            }
            _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.Line, slot, ProtocolCodec.EncodeLine(message)));
        }
    }

    /// <summary>The process ends with that exit code (128 + N: killed by signal N): every channel closes, then the process is gone.</summary>
    public void Die(int exitCode)
    {
        lock (_lock)
        {
            if (HasExited)
            {
                return;
            }
            _exitCode = exitCode;
            for (var slot = 0; slot < Slots; slot++)
            {
                _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.ChannelClosed, slot));
            }
            _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.Exited, -1));
        }
    }

    public Task<IReadOnlyList<WorkerEvent>> DrainAsync()
    {
        var lines = new List<WorkerEvent>();
        while (_events.Reader.TryRead(out var next))
        {
            if (next.Kind == WorkerEventKind.Line)
            {
                lines.Add(next);
            }
        }
        return Task.FromResult<IReadOnlyList<WorkerEvent>>(lines);
    }

    public Task<WorkerExit> WaitForExitAsync(TimeSpan grace) => Task.FromResult(WorkerExit.From(_exitCode ?? 0));

    public Task<bool> ExitsWithinAsync(TimeSpan grace) => Task.FromResult(HasExited);

    /// <summary>
    /// What the process still writes after the orchestrator decided to stop it and before the kill
    /// lands: a real one runs on while faulthandler takes the stacks (or the watchdog reports).
    /// </summary>
    public Action? BeforeKilled { get; set; }

    public void Kill()
    {
        var runsOn = BeforeKilled;
        BeforeKilled = null;
        runsOn?.Invoke();
        Die(128 + 9);
    }

    public bool SignalThread(int tid, int signal) => false;

    public string FaultLog() => "";

    public string StderrTail() => "";

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _exitCode ??= 0;
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>One run the orchestrator sent: the test writes its events, in the order the real worker and driver would.</summary>
internal sealed class SentRun(SteppedWorker worker, int workerSlot, int seq, string module, IReadOnlyList<string>? select = null)
{
    /// <summary>The tests the orchestrator selected (null: all).</summary>
    public IReadOnlyList<string>? Select => select;

    public SteppedWorker Worker => worker;
    public int WorkerSlot => workerSlot;
    public int Seq => seq;
    public string Module => module;

    private SentRun Emit(SlotMessage message)
    {
        worker.Emit(workerSlot, message);
        return this;
    }

    public SentRun Created() =>
        Emit(new InterpCreatedMessage { Slot = workerSlot, Seq = seq, Interp = seq, Cpu = worker.Launch.Cores[workerSlot], CreateMs = 1, Tid = 1 })
            .Emit(new ModuleStartMessage { Slot = workerSlot, Seq = seq, Module = module, Pid = worker.Pid, Engine = "unittest" });

    public SentRun Collected(params string[] tests) => Emit(new CollectedMessage { Slot = workerSlot, Seq = seq, Tests = tests });

    public SentRun Starts(string test) => Emit(new TestStartMessage { Slot = workerSlot, Seq = seq, Id = test });

    /// <summary>The running test's end, as the driver reports it.</summary>
    public SentRun EndsTest(string test, string outcome, double durationMs) =>
        Emit(new TestEndMessage { Slot = workerSlot, Seq = seq, Id = test, Outcome = outcome, DurationMs = durationMs, Stdout = "", Stderr = "" });

    public SentRun Passes(params string[] tests)
    {
        foreach (var test in tests)
        {
            Starts(test).Emit(new TestEndMessage { Slot = workerSlot, Seq = seq, Id = test, Outcome = "passed", DurationMs = 1, Stdout = "", Stderr = "" });
        }
        return this;
    }

    /// <summary>Each test fails an assertion, as the driver reports it.</summary>
    public SentRun Fails(string message, params string[] tests)
    {
        foreach (var test in tests)
        {
            Starts(test).Emit(new TestEndMessage { Slot = workerSlot, Seq = seq, Id = test, Outcome = "failed", DurationMs = 1, Message = message, Traceback = "Traceback ...", Stdout = "", Stderr = "" });
        }
        return this;
    }

    /// <summary>Each test fails by raising something other than an assertion, as the pytest engine reports it.</summary>
    public SentRun Raises(string exceptionType, string message, params string[] tests)
    {
        foreach (var test in tests)
        {
            Starts(test).Emit(new TestEndMessage { Slot = workerSlot, Seq = seq, Id = test, Outcome = "failed", DurationMs = 1, Message = $"{exceptionType}: {message}", Traceback = "Traceback ...", Stdout = "", Stderr = "", Raised = exceptionType });
        }
        return this;
    }

    /// <summary>Its interpreter refused the extension (reported even when the import error was absorbed).</summary>
    public SentRun Refuses(string extension) =>
        Emit(new ExtensionRefusedMessage { Slot = workerSlot, Seq = seq, Extension = extension, Error = "does not support loading in subinterpreters" });

    /// <summary>A process change the worker attributes to this module; contested: a neighbour saw it appear too.</summary>
    public SentRun Leaks(string kind, bool contested = false) =>
        Emit(new LeakMessage { Slot = workerSlot, Seq = seq, Kind = kind, Detail = Change(module, kind), Contested = contested });

    /// <param name="heldLeak">A change the worker holds until the neighbours that were running have ended (a leaks-settled follows, or not).</param>
    public SentRun Ends(string? heldLeak = null) =>
        Emit(new ModuleEndMessage { Slot = workerSlot, Seq = seq, DurationMs = 1 })
            .Emit(new InterpEndingMessage { Slot = workerSlot, Seq = seq })
            .Emit(new ModuleDoneMessage
            {
                Slot = workerSlot, Seq = seq, EndMs = 1, DriverExit = "ok",
                PendingLeaks = heldLeak is null ? null : [new ProtocolLeak(heldLeak, Change(module, heldLeak))],
            });

    /// <summary>The whole run of a module that passes.</summary>
    public SentRun PassesWhole(params string[] tests) => Created().Collected(tests).Passes(tests).Ends();

    /// <summary>
    /// Written by this run's slot as its module ends: the held change of <paramref name="held"/>
    /// stayed and only it saw it appear (<paramref name="own"/>), or it went away with this module.
    /// </summary>
    public SentRun Settles(SentRun held, string kind, bool own) => Emit(new LeaksSettledMessage
    {
        Slot = workerSlot, Seq = held.Seq, Leaks = own ? [new ProtocolLeak(kind, Change(held.Module, kind))] : [], ContestedLeaks = [],
    });

    /// <summary>
    /// Written by the worker's background settler on the control connection, after a later look
    /// at a thread that was ending: the held change stayed (<paramref name="own"/>), or went away.
    /// </summary>
    public SentRun SettlesInBackground(string kind, bool own)
    {
        Worker.Emit(-1, new LeaksSettledMessage
        {
            Slot = workerSlot, Seq = seq, Leaks = own ? [new ProtocolLeak(kind, Change(module, kind))] : [], ContestedLeaks = [],
        });
        return this;
    }

    /// <summary>One of the driver's hooks failed (the driver says so once, and the tests run on).</summary>
    public SentRun HookFails(string hook) =>
        Emit(new HookFailedMessage { Slot = workerSlot, Seq = seq, Hook = hook, Message = "RuntimeError: broken", Traceback = "Traceback ..." });

    /// <summary>The driver's watchdog reports the running test (or the module) out of time, with its stacks.</summary>
    public SentRun TimesOut(string scope, double limit, string? test) =>
        Emit(new TimeoutMessage { Slot = workerSlot, Seq = seq, Scope = scope, Limit = limit, Id = test, Stacks = $"File \"{module}.py\", line 1" });

    /// <summary>
    /// Its driver failed before the module's code ran (Driver/bootstrap.py): no module-start, no
    /// module-end, then the worker ends the interpreter.
    /// </summary>
    public SentRun DriverFailsToStart(string error) =>
        Emit(new InterpCreatedMessage { Slot = workerSlot, Seq = seq, Interp = seq, Cpu = worker.Launch.Cores[workerSlot], CreateMs = 1, Tid = 1 })
            .Emit(new ModuleErrorMessage { Slot = workerSlot, Seq = seq, Kind = "driver-start", Message = $"the driver failed to start: {error}", Traceback = "Traceback ..." })
            .Emit(new InterpEndingMessage { Slot = workerSlot, Seq = seq })
            .Emit(new ModuleDoneMessage { Slot = workerSlot, Seq = seq, EndMs = 1, DriverExit = "ok" });

    public SentRun CanaryDone() => Emit(new CanaryDoneMessage { Slot = workerSlot, Seq = seq, Message = "ok" });

    public static string Change(string module, string kind) => $"{module} changed the {kind}";
}
