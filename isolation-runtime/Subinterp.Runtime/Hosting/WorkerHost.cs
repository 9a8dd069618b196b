using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The worker process's whole job: load libpython, initialise the main interpreter, release its GIL,
/// start one pinned slot per requested core and feed them the modules the orchestrator sends.
/// </summary>
public static class WorkerHost
{
    public static int Run(WorkerArguments arguments)
    {
        using var socket = LineSocket.Connect(arguments.SocketPath);
        // On one other thread while the orchestrator finds Python: the driver's folder, then the
        // protocol's contracts. Neither needs the Python.
        var cacheRoot = DriverPackage.DefaultCacheRoot();
        var extracted = Task.Run(() =>
        {
            var folder = DriverPackage.Extract(cacheRoot);
            ProtocolCodec.Prepare();
            return folder;
        });
        if (ReadConfiguration(socket) is not { } configuration)
        {
            // The orchestrator went away before it sent the Python: it found none, or was given a
            // bad option, and has said so itself.
            return WorkerExitCodes.ControlLost;
        }
        // Done before this thread changes the environment: the other thread never runs beside setenv
        // or unsetenv. It has had the orchestrator's search to finish in.
        var driverDirectory = extracted.GetAwaiter().GetResult();
        // Lifecycle measurements were calibrated on CPython's own allocator: keep it for them. Chosen
        // before libpython is loaded: its mimalloc reads its options then.
        IReadOnlyList<string> allocator = configuration.DefaultAllocator ? [] : PythonAllocator.ChooseBeforeLoad(configuration.Python);
        var python = LibPython.Load(configuration.Library);
        // Python's own startup ignores SIGXFSZ, so that a write past RLIMIT_FSIZE raises OSError
        // (EFBIG) instead of killing the process (test_resource relies on it); the worker starts
        // Python without its signal handlers, so it does that part itself. (SIGPIPE, the other one,
        // .NET already ignores.)
        LibC.SetSignalHandler(LibC.SIGXFSZ, LibC.SIG_IGN);
        var main = MainInterpreter.Initialize(python, configuration.Executable);
        PythonAllocator.ForgetAfterInitialize(allocator);
        FaultSignals.LeaveToPythonInNativeCode();
        if (configuration.FaultLog is not null)
        {
            // faulthandler cannot be imported in a 3.12/3.13 subinterpreter, but enabled here it
            // dumps the Python stack of whichever thread faults, subinterpreter threads included.
            main.Run($"import faulthandler as _f; _subinterp_fault_log = open({ProtocolCodec.QuoteForPython(configuration.FaultLog)}, 'w'); _f.enable(_subinterp_fault_log, all_threads=True)");
        }
        foreach (var module in configuration.Preload ?? [])
        {
            main.Run($"import {module}");
        }
        // Bytecode is written even under PYTHONDONTWRITEBYTECODE: every interpreter then loads the
        // driver from .pyc instead of compiling it again. The folder's content never changes (it is
        // named after it), so a stamp per bytecode tag says it is done: each worker's start imported
        // compileall (and py_compile, re, pathlib...) and checked every file again.
        main.Run(DriverBytecode.CompileOnce(driverDirectory));
        main.ReleaseGil();

        // The orchestrator names each slot's core: a confirmation worker takes a core another worker has free.
        var cores = configuration.Cores is { Count: > 0 } given ? given : ThreadAffinity.AllowedCores();
        var checks = new LeakChecks(python);
        WorkerHooks.Install(python, checks.Monitor);
        var slots = Enumerable.Range(0, configuration.Slots)
            .Select(index => new Slot(index, cores[index % cores.Count], python, driverDirectory, arguments.SocketPath, checks))
            .ToArray();
        // Everything open now is the worker's (socket, slot pipes, logs): never a module's leak.
        checks.Monitor.AdoptOpenDescriptors();
        // Its verdicts go over the control connection: a slot's channel is its own thread's and the driver's.
        using var settler = new Settler(checks.Monitor, settled =>
        {
            foreach (var settlement in settled)
            {
                socket.Send(LeakMessages.Settled(settlement.Window.Slot, settlement));
            }
        });
        checks.Settler = settler;
        socket.Send(new HelloMessage
        {
            Protocol = ProtocolMessage.Version, Pid = Environment.ProcessId, Slots = configuration.Slots, Python = configuration.Python, Cpus = [.. cores],
        });

        if (!Dispatch(socket, slots))
        {
            // The orchestrator is gone (killed, or test code closed our socket): nobody will read
            // what the slots do next, so stop now instead of finishing a module, or hanging in one.
            LibC.ExitImmediately(WorkerExitCodes.ControlLost);
        }

        foreach (var slot in slots)
        {
            slot.Complete();
        }
        foreach (var slot in slots)
        {
            slot.Join();
        }
        // The last look at what the last modules left waiting goes out before the channels close.
        settler.Dispose();
        foreach (var slot in slots)
        {
            slot.Dispose();
        }
        // Finalizing the main interpreter is skipped on purpose: the process is about to exit, and
        // Py_FinalizeEx after hostile test code has more ways to fail than to help.
        return 0;
    }

    /// <returns>The orchestrator's configuration; null when the connection ended before it came.</returns>
    /// <exception cref="ProtocolException">The first line is not a configuration of this protocol's version.</exception>
    private static ConfigureMessage? ReadConfiguration(LineSocket socket)
    {
        if (socket.ReadLineAsync().AsTask().GetAwaiter().GetResult() is not { } line)
        {
            return null;
        }
        return ProtocolCodec.Decode(line) switch
        {
            ConfigureMessage { Protocol: ProtocolMessage.Version } configuration => configuration,
            ConfigureMessage other => throw new ProtocolException(
                $"the orchestrator speaks protocol {other.Protocol}, this worker {ProtocolMessage.Version}: reinstall subinterp."),
            var other => throw new ProtocolException($"the worker expects configure first, not {other}"),
        };
    }

    /// <returns>true after a shutdown request, false when the connection ended without one.</returns>
    private static bool Dispatch(LineSocket socket, Slot[] slots)
    {
        while (socket.ReadLineAsync().AsTask().GetAwaiter().GetResult() is { } line)
        {
            switch (ProtocolCodec.Decode(line))
            {
                case SlotMessage work and (RunMessage or CanaryMessage) when work.Slot >= 0 && work.Slot < slots.Length:
                    slots[work.Slot].Enqueue(work);
                    break;
                case ShutdownMessage:
                    return true;
                case var other:
                    throw new ProtocolException($"the worker cannot handle {other}");
            }
        }
        return false;
    }
}
