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
    // Deep recursion in test code must end as it does in a plain `python`, whose main thread may grow
    // its stack up to RLIMIT_STACK (8 MiB by default): CPython 3.14+ limits C recursion by the real
    // size of the thread's stack (3.12 and 3.13 count frames against a limit made for such a stack).
    // With 256 MiB a repr() of a 200,000-deep list recursed for minutes instead of raising
    // RecursionError. An unlimited RLIMIT_STACK lets a main thread grow far: a large stack then.
    private const int UnlimitedStackBytes = 256 * 1024 * 1024;
    private const int RlimitStack = 3;
    private static readonly int StackBytes = MainThreadStackBytes();

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

    private static unsafe int MainThreadStackBytes()
    {
        LibC.RLimit limit;
        return LibC.getrlimit(RlimitStack, &limit) == 0 && limit.Current < UnlimitedStackBytes
            ? (int)Math.Max(limit.Current, 1024 * 1024)
            : UnlimitedStackBytes;
    }

    // When the slot last became free (or started): the wait before each module is measured from it.
    private long _idleSince = Stopwatch.GetTimestamp();

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
        var mode = run.Driver.Mode;
        var repeat = Math.Max(1, run.Repeat ?? 1);
        var baseline = repeat > 1 ? _checks.BaselineFor(mode) : null;
        // A listing imports the module and runs no test: nothing to check around it.
        var checking = !run.Driver.CollectOnly;
        var timing = new SlotTiming(_idleSince);
        var window = checking ? _checks.Monitor.Open(_index, seq) : null;
        timing.Opened();
        var first = RunLifecycle(run, seq, mode, 0, checking, window, timing);
        // Abandoned: module-done is written and the worker is about to be replaced; its window still
        // closes, so that neighbours waiting for it are settled.
        var closed = window is null ? null : _checks.Monitor.Close(window, judge: first.Created && !first.Abandoned);
        if (closed is not null)
        {
            WriteLeaks(seq, closed);
        }
        timing.Closed();
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
        _idleSince = Stopwatch.GetTimestamp();
        _channel.Write(new ModuleDoneMessage
        {
            Slot = _index, Seq = seq, EndMs = first.EndMs, DriverExit = first.DriverExit,
            PendingLeaks = closed is { Pending.Count: > 0 } ? LeakMessages.Wire(closed.Pending) : null,
            Timing = timing.ToWire(_idleSince),
        });
    }

    /// <summary>This module's leaks and effects, and the verdicts on earlier modules' held changes that waited for it to end.</summary>
    private void WriteLeaks(int seq, WindowClose closed)
    {
        foreach (var message in LeakMessages.Closed(_index, seq, closed))
        {
            _channel.Write(message);
        }
        foreach (var settled in closed.Settled)
        {
            _channel.Write(LeakMessages.Settled(_index, settled));
        }
        if (closed.Pending.Count > 0)
        {
            // A change that waits for a later look is looked at in the background, not here.
            _checks.Settler?.Wake();
        }
    }

    private readonly record struct LifecycleOutcome(bool Created, double? EndMs, string DriverExit, bool Abandoned = false);

    /// <summary>One interpreter: create, run the driver, (first lifecycle only) check across interpreters, end.</summary>
    private LifecycleOutcome RunLifecycle(RunMessage run, int seq, InterpreterMode mode, int lifecycle, bool checking, ModuleWindow? window = null,
        SlotTiming? timing = null)
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
        timing?.RunStarts();
        var ok = interpreter.Run(DriverBootstrap.ForModule(_driverDirectory, run.Driver, HostFor(run)));
        timing?.RunEnded();
        var driverExit = ok ? "ok" : "an exception escaped the driver";
        var others = interpreter.OtherThreads(StrayThreadGrace);
        timing?.ThreadsWaited();
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
            if (CrossInterpreterProbe.Run(_python, _checks, mode, _driverDirectory, _channel, _index, seq))
            {
                timing?.Probed();
            }
            else
            {
                timing?.Skip(); // reading the extensions' declarations: microseconds
            }
        }
        // If the process dies from here on, it died ending this module's interpreter.
        _channel.Write(new InterpEndingMessage { Slot = _index, Seq = seq });
        clock.Restart();
        interpreter.End();
        timing?.Skip();
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

    /// <summary>This slot's side of the driver's inputs: its channel, its ids, the worker's bytecode folder (pytest only: bytecode_cache.py says why).</summary>
    private DriverHost HostFor(RunMessage run) =>
        new(_channel.WriteFd, _index, run.Seq, run.Driver.Engine == "pytest" ? BytecodeCache.Folder(Environment.ProcessId) : null);

    public void Complete() => _work.CompleteAdding();

    public void Join() => _thread.Join();

    public void Dispose()
    {
        _channel.Dispose();
        _work.Dispose();
    }
}
