using System.Collections.Concurrent;
using System.Diagnostics;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Protocol;

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

    private readonly int _index;
    private readonly int _core;
    private readonly LibPython _python;
    private readonly string _driverDirectory;
    private readonly SlotPipe _pipe;
    private readonly BlockingCollection<ProtocolMessage> _work = new(boundedCapacity: 1);
    private readonly Thread _thread;
    private readonly LeakChecks _checks;

    public Slot(int index, int core, LibPython python, string driverDirectory, LineSocket socket, LeakChecks checks)
    {
        _index = index;
        _core = core;
        _python = python;
        _driverDirectory = driverDirectory;
        _checks = checks;
        _pipe = new SlotPipe(index, socket);
        _thread = new Thread(Loop, StackBytes) { IsBackground = true, Name = $"slot-{index}" };
        _thread.Start();
    }

    public void Enqueue(ProtocolMessage run) => _work.Add(run);

    private void Loop()
    {
        ThreadAffinity.PinCurrentThread(_core);
        foreach (var run in _work.GetConsumingEnumerable())
        {
            RunModule(run);
        }
    }

    private void RunModule(ProtocolMessage run)
    {
        var seq = run.Seq ?? 0;
        var mode = string.Equals(run.Mode, "legacy", StringComparison.Ordinal) ? InterpreterMode.Legacy : InterpreterMode.Isolated;
        var repeat = Math.Max(1, run.Repeat ?? 1);
        var baseline = repeat > 1 ? _checks.BaselineFor(mode) : null;
        var before = _checks.Monitor.CaptureBefore();
        var first = RunLifecycle(run, seq, mode, 0);
        if (first.Created)
        {
            foreach (var leak in _checks.Monitor.ChangesSince(before))
            {
                _pipe.Write(new ProtocolMessage { Type = ProtocolMessageTypes.Leak, Slot = _index, Seq = seq, Kind = leak.Kind, Detail = leak.Detail });
            }
        }
        for (var lifecycle = 0; first.Created && lifecycle < repeat; lifecycle++)
        {
            if (lifecycle > 0 && !RunLifecycle(run, seq, mode, lifecycle).Created)
            {
                break;
            }
            if (baseline is not null)
            {
                WriteSample(seq, lifecycle, baseline);
            }
        }
        if (repeat > 1)
        {
            _checks.Monitor.Resettle();
        }
        _pipe.Write(new ProtocolMessage
        {
            Type = ProtocolMessageTypes.ModuleDone, Slot = _index, Seq = seq, EndMs = first.EndMs, DriverExit = first.DriverExit,
        });
    }

    private readonly record struct LifecycleOutcome(bool Created, double? EndMs, string DriverExit);

    /// <summary>One interpreter: create, run the driver, (first lifecycle only) check across interpreters, end.</summary>
    private LifecycleOutcome RunLifecycle(ProtocolMessage run, int seq, InterpreterMode mode, int lifecycle)
    {
        var clock = Stopwatch.StartNew();
        SubInterpreter interpreter;
        try
        {
            interpreter = SubInterpreter.Create(_python, mode);
        }
        catch (SubInterpreterException error)
        {
            _pipe.Write(new ProtocolMessage { Type = ProtocolMessageTypes.InterpFailed, Slot = _index, Seq = seq, Message = error.Message });
            return new LifecycleOutcome(false, null, error.Message);
        }
        var createMs = clock.Elapsed.TotalMilliseconds;
        _pipe.Write(new ProtocolMessage
        {
            Type = ProtocolMessageTypes.InterpCreated, Slot = _index, Seq = seq, Interp = interpreter.Id, Cpu = _core, CreateMs = createMs,
            Lifecycle = lifecycle == 0 ? null : lifecycle,
        });
        var ok = interpreter.Run(BootstrapScript.For(_driverDirectory, DriverArguments(run), _pipe.WriteFd, _index, seq));
        if (lifecycle == 0)
        {
            CrossInterpreterProbe.Run(_python, _checks, mode, _driverDirectory, _pipe, _index, seq);
        }
        clock.Restart();
        interpreter.End();
        return new LifecycleOutcome(true, clock.Elapsed.TotalMilliseconds, ok ? "ok" : "an exception escaped the driver");
    }

    private void WriteSample(int seq, int lifecycle, LifecycleBaseline baseline)
    {
        var sample = LifecycleMeter.Measure(_checks.Monitor.WorkerFds);
        _pipe.Write(new ProtocolMessage
        {
            Type = ProtocolMessageTypes.Lifecycle, Slot = _index, Seq = seq, Lifecycle = lifecycle, RssBytes = sample.RssBytes,
            HeapBytes = sample.HeapBytes, Fds = sample.Fds, Threads = sample.Threads,
            BaselineHeapBytes = baseline.HeapBytes, BaselineRssBytes = baseline.RssBytes,
        });
    }

    private string DriverArguments(ProtocolMessage run)
    {
        var arguments = new ProtocolMessage
        {
            Type = ProtocolMessageTypes.Run, Slot = _index, Seq = run.Seq, Module = run.Module, Path = run.Path, Root = run.Root,
            Engine = run.Engine ?? "unittest", OutputLimit = run.OutputLimit ?? 64 * 1024, TestTimeout = run.TestTimeout,
            Fd = _pipe.WriteFd,
        };
        return System.Text.Encoding.UTF8.GetString(ProtocolCodec.EncodeLine(arguments)).TrimEnd('\n');
    }

    public void Complete() => _work.CompleteAdding();

    public void Join() => _thread.Join();

    public void Dispose()
    {
        _pipe.Dispose();
        _work.Dispose();
    }
}
