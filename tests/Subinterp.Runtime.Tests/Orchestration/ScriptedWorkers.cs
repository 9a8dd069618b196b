using System.Threading.Channels;
using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Tests.Orchestration;

/// <summary>What a scripted module does when a worker runs it.</summary>
internal abstract record ModuleScript
{
    /// <summary>How long it "runs" before its outcome.</summary>
    public int Milliseconds { get; init; } = 30;

    /// <summary>
    /// Passes its tests; with <paramref name="LeakAlongside"/>, reports that process change only when another module shared the
    /// worker. A change reported while another module shared the worker is contested, as the real worker says when a neighbour saw it too.
    /// </summary>
    public sealed record Passes(string[] Tests, string? LeakAlongside = null, string? LeakAlways = null) : ModuleScript
    {
        /// <summary>A change the worker holds at module-done (pendingLeaks) until its neighbours end.</summary>
        public string? HeldLeak { get; init; }

        /// <summary>How the held change is settled a moment later: "own" (it stayed, only this module saw it appear), "gone" (it went with a neighbour), or null: never (the worker ends first).</summary>
        public string? Settlement { get; init; }

        /// <summary>One of the driver's hooks (its name) fails while the tests run: the driver says so with hook-failed.</summary>
        public string? FailingHook { get; init; }

        /// <summary>Its interpreter refused this extension, and the process is fine: the canary's import of it passes.</summary>
        public string? RefusesHarmlessly { get; init; }
    }

    /// <summary>Kills the worker with a signal in the middle of a test; with <paramref name="OnlyAlongside"/> only when another module is in flight.</summary>
    public sealed record Crashes(string Test, int Signal = 11, bool OnlyAlongside = false) : ModuleScript;

    /// <summary>Starts a test and never ends it.</summary>
    public sealed record Hangs(string[] Done, string Running) : ModuleScript;

    /// <summary>
    /// Passes, but its interpreter refused <paramref name="Extension"/> after running its single-phase
    /// initialisation (CPython 3.12): the refusal canary's import of it aborts the worker.
    /// </summary>
    public sealed record RefusesAndBreaksProcess(string[] Tests, string Extension) : ModuleScript;

    /// <summary>The worker dies while this module's interpreter is created (nothing of it ran), the first <paramref name="Times"/> times.</summary>
    public sealed record DiesCreating(int Times, string[] Tests) : ModuleScript;
}

/// <summary>Starts <see cref="ScriptedWorker"/>s and remembers each launch.</summary>
internal sealed class ScriptedLauncher(IReadOnlyDictionary<string, ModuleScript> scripts) : IWorkerLauncher
{
    private int _pid = 1000;

    public List<(WorkerLaunch Launch, ScriptedWorker Worker)> Launches { get; } = [];

    public Dictionary<string, int> Runs { get; } = new(StringComparer.Ordinal);

    /// <summary>How long a one-slot worker (for a module run alone) takes to start.</summary>
    public TimeSpan AloneStartDelay { get; init; } = TimeSpan.Zero;

    public async Task<IWorker> StartAsync(WorkerLaunch launch, CancellationToken cancellation)
    {
        var worker = new ScriptedWorker(++_pid, launch, this);
        Launches.Add((launch, worker));
        if (launch.Slots == 1 && AloneStartDelay > TimeSpan.Zero)
        {
            await Task.Delay(AloneStartDelay, cancellation);
        }
        return worker;
    }

    public ModuleScript ScriptOf(string module) => scripts[module];
}

/// <summary>A worker process replayed from scripts: it answers each `run` with the module's events at once.</summary>
internal sealed class ScriptedWorker(int pid, WorkerLaunch launch, ScriptedLauncher launcher) : IWorker
{
    private readonly Channel<WorkerEvent> _events = Channel.CreateUnbounded<WorkerEvent>();
    private readonly Dictionary<int, string> _inFlight = [];
    private readonly Dictionary<int, string> _modules = [];
    private readonly HashSet<int> _overlapped = [];
    private readonly Lock _lock = new();
    private int? _exitCode;

    public int Pid => pid;
    public int Slots => launch.Slots;
    public ChannelReader<WorkerEvent> Events => _events.Reader;
    public bool HasExited => _exitCode is not null;
    public string FaultLogPath => "/nonexistent/fault.log";
    public List<ProtocolMessage> Received { get; } = [];

    public bool Send(ProtocolMessage message)
    {
        if (HasExited)
        {
            return false;
        }
        Received.Add(message);
        if (message.Type == ProtocolMessageTypes.Run)
        {
            Run(message);
        }
        else if (message.Type == ProtocolMessageTypes.Canary)
        {
            Canary(message.Slot!.Value, message.Seq!.Value);
        }
        return true;
    }

    private void Canary(int slot, int seq)
    {
        if (launcher.ScriptOf(_modules[seq]) is ModuleScript.RefusesAndBreaksProcess)
        {
            Die(128 + 6);
            return;
        }
        Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.CanaryDone });
    }

    private void Run(ProtocolMessage run)
    {
        var slot = run.Slot!.Value;
        var seq = run.Seq!.Value;
        var module = run.Module!;
        lock (_lock)
        {
            foreach (var other in _inFlight.Keys)
            {
                _overlapped.Add(other);
                _overlapped.Add(seq);
            }
            _inFlight[seq] = module;
            _modules[seq] = module;
        }
        var times = launcher.Runs[module] = launcher.Runs.GetValueOrDefault(module) + 1;
        var script = launcher.ScriptOf(module);
        if (script is ModuleScript.DiesCreating dies && times <= dies.Times)
        {
            Die(128 + 9);
            return;
        }
        Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.InterpCreated, Interp = seq, Cpu = launch.Cores[slot], Tid = 1 });
        Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.ModuleStart, Module = module });
        // The module "runs" for a moment, so that modules sent together are in flight together.
        _ = Task.Delay(script.Milliseconds).ContinueWith(_ => Complete(slot, seq, module, script), TaskScheduler.Default);
    }

    private void Complete(int slot, int seq, string module, ModuleScript script)
    {
        bool alongside;
        lock (_lock)
        {
            alongside = _overlapped.Contains(seq);
        }
        switch (script)
        {
            case ModuleScript.Passes passes:
                Collect(passes.Tests);
                if (passes.FailingHook is { } hook)
                {
                    Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.HookFailed, Kind = hook, Message = "RuntimeError: broken", Traceback = "Traceback ..." });
                }
                Pass(passes.Tests);
                if (passes.RefusesHarmlessly is { } refused)
                {
                    Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.ExtensionRefused, Module = refused, Error = "does not support loading in subinterpreters" });
                }
                if ((passes.LeakAlways ?? (alongside ? passes.LeakAlongside : null)) is { } kind)
                {
                    // Seen while another module shared the worker, a change is one the neighbour saw appear
                    // too (the real worker's verdict, when nothing else tells them apart): contested.
                    Emit(slot, seq, new ProtocolMessage
                    {
                        Type = ProtocolMessageTypes.Leak, Kind = kind, Detail = $"{module} changed the {kind}", Contested = alongside ? true : null,
                    });
                }
                // A worker holds a change only when a neighbour was running: alone, nothing is held.
                End(passes.HeldLeak is { } held && alongside ? [new ProtocolLeak { Kind = held, Detail = $"{module} changed the {held}" }] : null);
                if (passes.HeldLeak is not null && alongside && passes.Settlement is { } settlement)
                {
                    // Written by whichever slot ended the last neighbour: another channel, a moment later.
                    var leak = new ProtocolLeak { Kind = passes.HeldLeak, Detail = $"{module} changed the {passes.HeldLeak}" };
                    _ = Task.Delay(40).ContinueWith(_ => Emit((slot + 1) % Slots, seq, new ProtocolMessage
                    {
                        Type = ProtocolMessageTypes.LeaksSettled, Leaks = settlement == "own" ? [leak] : [], ContestedLeaks = [],
                    }), TaskScheduler.Default);
                }
                break;
            case ModuleScript.RefusesAndBreaksProcess refuses:
                Collect(refuses.Tests);
                Pass(refuses.Tests);
                Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.ExtensionRefused, Module = refuses.Extension, Error = "does not support loading in subinterpreters" });
                End();
                break;
            case ModuleScript.DiesCreating again:
                Collect(again.Tests);
                Pass(again.Tests);
                End();
                break;
            case ModuleScript.Crashes crashes:
                Collect([crashes.Test, "after"]);
                Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.TestStart, Id = crashes.Test });
                if (!crashes.OnlyAlongside || alongside)
                {
                    Die(128 + crashes.Signal);
                    return;
                }
                Emit(slot, seq, TestEnd(crashes.Test));
                Pass(["after"]);
                End();
                break;
            case ModuleScript.Hangs hangs:
                Collect([.. hangs.Done, hangs.Running]);
                Pass(hangs.Done);
                Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.TestStart, Id = hangs.Running });
                break;
        }

        void Collect(string[] tests) => Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.Collected, Tests = [.. tests] });

        void Pass(string[] tests)
        {
            foreach (var test in tests)
            {
                Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.TestStart, Id = test });
                Emit(slot, seq, TestEnd(test));
            }
        }

        void End(List<ProtocolLeak>? pending = null)
        {
            Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.ModuleEnd, DurationMs = 1 });
            Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.InterpEnding });
            lock (_lock)
            {
                _inFlight.Remove(seq);
            }
            Emit(slot, seq, new ProtocolMessage { Type = ProtocolMessageTypes.ModuleDone, EndMs = 1, DriverExit = "ok", PendingLeaks = pending });
        }
    }

    private void Emit(int slot, int seq, ProtocolMessage message)
    {
        lock (_lock)
        {
            if (HasExited)
            {
                return;
            }
            message.Slot = slot;
            message.Seq = seq;
            _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.Line, slot, ProtocolCodec.EncodeLine(message)));
        }
    }

    private static ProtocolMessage TestEnd(string test) =>
        new() { Type = ProtocolMessageTypes.TestEnd, Id = test, Outcome = "passed", DurationMs = 1, Stdout = "", Stderr = "" };

    private void Die(int exitCode)
    {
        lock (_lock)
        {
            if (HasExited)
            {
                return;
            }
            _exitCode = exitCode;
        }
        for (var slot = 0; slot < Slots; slot++)
        {
            _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.ChannelClosed, slot));
        }
        _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.Exited, -1));
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

    public void Kill()
    {
        if (!HasExited)
        {
            Die(128 + 9);
        }
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
