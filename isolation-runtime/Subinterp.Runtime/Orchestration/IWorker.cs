using System.Threading.Channels;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A worker process as the orchestrator drives it. <see cref="WorkerProcess"/> is the real one;
/// unit tests script one to replay crashes, deaths and restarts without Python.
/// </summary>
internal interface IWorker : IAsyncDisposable
{
    int Pid { get; }

    int Slots { get; }

    /// <summary>What the worker said or did, in arrival order; never completes.</summary>
    ChannelReader<WorkerEvent> Events { get; }

    bool HasExited { get; }

    /// <summary>Where faulthandler writes this worker's dumps.</summary>
    string FaultLogPath { get; }

    /// <summary>False when the control connection is gone; the events then say how the worker ended.</summary>
    bool Send(ProtocolMessage message);

    /// <summary>After the process has ended: every line it wrote that has not been read yet.</summary>
    Task<IReadOnlyList<WorkerEvent>> DrainAsync();

    Task<WorkerExit> WaitForExitAsync(TimeSpan grace);

    Task<bool> ExitsWithinAsync(TimeSpan grace);

    void Kill();

    bool SignalThread(int tid, int signal);

    string FaultLog();

    string StderrTail();
}

/// <summary>What a worker is started for: its slots, the core of each, and the interpreter mode of its modules.</summary>
internal sealed record WorkerLaunch(int Slots, IReadOnlyList<int> Cores, InterpreterMode Mode);

internal interface IWorkerLauncher
{
    /// <exception cref="RunSetupException">The worker could not start or load Python.</exception>
    Task<IWorker> StartAsync(WorkerLaunch launch, CancellationToken cancellation);
}
