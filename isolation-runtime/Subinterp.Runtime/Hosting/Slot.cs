using System.Collections.Concurrent;
using System.Diagnostics;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// One slot: a dedicated OS thread pinned to one core that, for every module it is given, creates a
/// fresh subinterpreter, runs the driver in it and ends it. No interpreter ever runs two modules.
/// Around that: the process state is compared before and after (leak messages), the extension
/// modules it loaded are checked across interpreters before it ends, and with `repeat` the module
/// runs again in fresh interpreters, the process measured after each (lifecycle messages).
/// </summary>
internal sealed class Slot : IDisposable
{
    // Deep recursion in test code must hit Python's RecursionError, not the end of the C stack.
    private const int StackBytes = 256 * 1024 * 1024;

    // Raw _thread threads are not joined by the driver; give them a moment to finish on their own.
    private static readonly TimeSpan StrayThreadGrace = TimeSpan.FromSeconds(1);

    private readonly int _index;
    private readonly int _core;
    private readonly LibPython _python;
    private readonly string _driverDirectory;
    private readonly SlotChannel _channel;
    private readonly LeakChecks _checks;
    private readonly BlockingCollection<SlotMessage> _work = new(boundedCapacity: 1);
    private readonly Thread _thread;
    private int _tid;

    // The worker's directory and umask when the slot started: where each module starts (SlotFileSystem).
    private string _home = "";
    private int _mask;

    public Slot(int index, int core, LibPython python, string driverDirectory, string socketPath, LeakChecks checks)
    {
        _checks = checks;
        _index = index;
        _core = core;
        _python = python;
        _driverDirectory = driverDirectory;
        _channel = new SlotChannel(index, socketPath);
        _thread = new Thread(Loop, StackBytes) { IsBackground = true, Name = FrameworkState.SlotThreadName(index) };
        _thread.Start();
    }

    /// <summary>A <see cref="RunMessage"/> or a <see cref="CanaryMessage"/>.</summary>
    public void Enqueue(SlotMessage work) => _work.Add(work);

    private void Loop()
    {
        ThreadAffinity.PinCurrentThread(_core);
        _tid = LibC.GetThreadId();
        SlotFileSystem.MakePrivate();
        _home = WorkingDirectoryState.Capture().Path;
        _mask = SlotFileSystem.CurrentUmask();
        foreach (var work in _work.GetConsumingEnumerable())
        {
            try
            {
                switch (work)
                {
                    case CanaryMessage canary:
                        RunCanary(canary);
                        break;
                    case RunMessage run:
                        RunModule(run);
                        break;
                }
                // What the module left in its slot's directory and umask was reported; the next starts afresh.
                SlotFileSystem.Restore(_home, _mask);
            }
            catch (SlotChannelBrokenException)
            {
                // Nothing can be reported any more. The orchestrator sees the channel close and
                // blames the module in flight; this exit code tells it why.
                LibC.ExitImmediately(WorkerExitCodes.ChannelBroken);
            }
        }
    }

    private void RunModule(RunMessage run)
    {
        var seq = run.Seq;
        var mode = run.Mode;
        var repeat = Math.Max(1, run.Repeat ?? 1);
        var baseline = repeat > 1 ? _checks.BaselineFor(mode) : null;
        // A listing imports the module and runs no test: nothing to check around it.
        var checking = !run.Driver.CollectOnly;
        var window = checking ? _checks.Monitor.Open(_index, seq) : null;
        var first = RunLifecycle(run, seq, mode, 0, checking, window);
        // Abandoned: module-done is written and the worker is about to be replaced; its window still
        // closes, so that neighbours waiting for it are settled.
        var closed = window is null ? null : _checks.Monitor.Close(window, judge: first.Created && !first.Abandoned);
        if (closed is not null)
        {
            WriteLeaks(seq, closed);
        }
        if (first.Abandoned)
        {
            return;
        }
        for (var lifecycle = 0; first.Created && lifecycle < repeat; lifecycle++)
        {
            if (lifecycle > 0)
            {
                var later = RunLifecycle(run, seq, mode, lifecycle, checking);
                if (later.Abandoned)
                {
                    return;
                }
                if (!later.Created)
                {
                    break;
                }
            }
            if (baseline is not null)
            {
                WriteSample(seq, lifecycle, baseline);
            }
        }
        _channel.Write(new ModuleDoneMessage
        {
            Slot = _index, Seq = seq, EndMs = first.EndMs, DriverExit = first.DriverExit,
            PendingLeaks = closed is { Pending.Count: > 0 } ? Wire(closed.Pending) : null,
        });
    }

    /// <summary>This module's leaks, and the verdicts on earlier modules' held changes that waited for it to end.</summary>
    private void WriteLeaks(int seq, WindowClose closed)
    {
        foreach (var (leaks, contested) in new[] { (closed.Leaks, false), (closed.Contested, true) })
        {
            foreach (var leak in leaks)
            {
                _channel.Write(new LeakMessage { Slot = _index, Seq = seq, Kind = leak.Kind, Detail = leak.Detail, Contested = contested });
            }
        }
        foreach (var (init, changes) in closed.Effects)
        {
            _channel.Write(new ExtensionEffectMessage
            {
                Slot = _index, Seq = seq, Extension = init.Extension, Origin = init.Origin, Chain = [.. init.Chain], Changes = Wire(changes),
            });
        }
        foreach (var settled in closed.Settled)
        {
            _channel.Write(new LeaksSettledMessage { Slot = _index, Seq = settled.Seq, Leaks = Wire(settled.Confirmed), ContestedLeaks = Wire(settled.Contested) });
        }
    }

    private static List<ProtocolLeak> Wire(IEnumerable<LeakFinding> leaks) => [.. leaks.Select(leak => new ProtocolLeak(leak.Kind, leak.Detail))];

    private readonly record struct LifecycleOutcome(bool Created, double? EndMs, string DriverExit, bool Abandoned = false);

    /// <summary>One interpreter: create, run the driver, (first lifecycle only) check across interpreters, end.</summary>
    private LifecycleOutcome RunLifecycle(RunMessage run, int seq, InterpreterMode mode, int lifecycle, bool checking, ModuleWindow? window = null)
    {
        var clock = Stopwatch.StartNew();
        SubInterpreter interpreter;
        try
        {
            interpreter = SubInterpreter.Create(_python, mode);
        }
        catch (SubInterpreterException error)
        {
            _channel.Write(new InterpFailedMessage { Slot = _index, Seq = seq, Message = error.Message });
            return new LifecycleOutcome(false, null, error.Message);
        }
        var createMs = clock.Elapsed.TotalMilliseconds;
        window?.InterpreterId = interpreter.Id;
        _channel.Write(new InterpCreatedMessage
        {
            Slot = _index, Seq = seq, Interp = interpreter.Id, Cpu = _core, CreateMs = createMs, Tid = _tid, Lifecycle = lifecycle == 0 ? null : lifecycle,
        });
        WorkerHooks.Inject();
        var ok = interpreter.Run(DriverBootstrap.ForModule(_driverDirectory, run.Driver, HostFor(run)));
        var driverExit = ok ? "ok" : "an exception escaped the driver";
        var others = interpreter.OtherThreads(StrayThreadGrace);
        if (others > 0)
        {
            interpreter.Abandon();
            _channel.Write(new ModuleDoneMessage
            {
                Slot = _index, Seq = seq, DriverExit = driverExit, Abandoned = true, Message = $"{others} other thread(s) of the interpreter were still running",
            });
            return new LifecycleOutcome(true, null, driverExit, Abandoned: true);
        }
        if (lifecycle == 0 && checking)
        {
            CrossInterpreterProbe.Run(_python, _checks, mode, _driverDirectory, _channel, _index, seq);
        }
        // If the process dies from here on, it died ending this module's interpreter.
        _channel.Write(new InterpEndingMessage { Slot = _index, Seq = seq });
        clock.Restart();
        interpreter.End();
        return new LifecycleOutcome(true, clock.Elapsed.TotalMilliseconds, driverExit);
    }

    private void WriteSample(int seq, int lifecycle, LifecycleBaseline baseline)
    {
        var sample = LifecycleMeter.Measure(_checks.Monitor.WorkerFds);
        _channel.Write(new LifecycleMessage
        {
            Slot = _index, Seq = seq, Lifecycle = lifecycle, RssBytes = sample.RssBytes, HeapBytes = sample.HeapBytes, Fds = sample.Fds, Threads = sample.Threads,
            BaselineHeapBytes = baseline.HeapBytes, BaselineRssBytes = baseline.RssBytes,
        });
    }

    /// <summary>
    /// A fresh interpreter imports again what the previous module's interpreter refused. CPython 3.12
    /// runs a single-phase extension's init before refusing it and leaves state behind that kills
    /// the process at the next import; doing that import now makes the crash happen while the
    /// module that caused it is still the one in flight.
    /// </summary>
    private void RunCanary(CanaryMessage canary)
    {
        var seq = canary.Seq;
        // The canary's interpreter opens files as it starts (site's .pth files, the modules it
        // imports): in a window of its own, a neighbour that sees one of them open waits for the
        // canary to end instead of taking it for its own leak.
        var window = _checks.Monitor.Open(_index, seq);
        string message;
        try
        {
            var interpreter = SubInterpreter.Create(_python, canary.Mode);
            var imports = canary.Extensions.Select(name =>
                $"try:\n    __import__({ProtocolCodec.QuoteForPython(name)})\nexcept BaseException:\n    pass\n");
            interpreter.Run(string.Concat(imports));
            interpreter.End();
            message = "ok";
        }
        catch (SubInterpreterException error)
        {
            message = error.Message;
        }
        WriteLeaks(seq, _checks.Monitor.Close(window, judge: false));
        _channel.Write(new CanaryDoneMessage { Slot = _index, Seq = seq, Message = message });
    }

    /// <summary>This slot's side of the driver's inputs: its channel, its ids, the worker's pytest cache folder.</summary>
    private DriverHost HostFor(RunMessage run) =>
        new(_channel.WriteFd, _index, run.Seq, run.Driver.Engine == "pytest" ? RewriteCache.Folder(Environment.ProcessId) : null);

    public void Complete() => _work.CompleteAdding();

    public void Join() => _thread.Join();

    public void Dispose()
    {
        _channel.Dispose();
        _work.Dispose();
    }
}
