using System.Collections.Concurrent;
using System.Diagnostics;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// One slot: a dedicated OS thread pinned to one core that, for every module it is given, creates a
/// fresh subinterpreter, runs the driver in it and ends it. No interpreter ever runs two modules.
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

    public Slot(int index, int core, LibPython python, string driverDirectory, LineSocket socket)
    {
        _index = index;
        _core = core;
        _python = python;
        _driverDirectory = driverDirectory;
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
        var clock = Stopwatch.StartNew();
        SubInterpreter interpreter;
        try
        {
            interpreter = SubInterpreter.Create(_python, mode);
        }
        catch (SubInterpreterException error)
        {
            _pipe.Write(new ProtocolMessage { Type = ProtocolMessageTypes.InterpFailed, Slot = _index, Seq = seq, Message = error.Message });
            _pipe.Write(new ProtocolMessage { Type = ProtocolMessageTypes.ModuleDone, Slot = _index, Seq = seq, DriverExit = error.Message });
            return;
        }
        var createMs = clock.Elapsed.TotalMilliseconds;
        _pipe.Write(new ProtocolMessage
        {
            Type = ProtocolMessageTypes.InterpCreated, Slot = _index, Seq = seq, Interp = interpreter.Id, Cpu = _core, CreateMs = createMs,
        });
        var ok = interpreter.Run(BootstrapScript.For(_driverDirectory, DriverArguments(run), _pipe.WriteFd, _index, seq));
        clock.Restart();
        interpreter.End();
        _pipe.Write(new ProtocolMessage
        {
            Type = ProtocolMessageTypes.ModuleDone, Slot = _index, Seq = seq, EndMs = clock.Elapsed.TotalMilliseconds,
            DriverExit = ok ? "ok" : "an exception escaped the driver",
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
