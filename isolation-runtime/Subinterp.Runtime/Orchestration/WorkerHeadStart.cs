namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A worker process started before the session is opened, so that its start (~10 ms of .NET
/// start-up and connecting) overlaps finding Python and planning instead of following them; the
/// session's first worker is this one, told the Python over its control connection. A front door
/// makes it right before <c>TestSession.Open</c> and disposes it when the session is done with:
/// a worker nobody took (Python not found, nothing to run) is killed and reaped then.
/// </summary>
/// <remarks>
/// Starting it never fails: when it cannot start (no worker deployed, say), there is no head start,
/// and the session's first worker start fails the same way, at the same point, as without one.
/// </remarks>
public sealed class WorkerHeadStart : IAsyncDisposable
{
    private WorkerSpawn? _spawn;

    private WorkerHeadStart(WorkerSpawn? spawn) => _spawn = spawn;

    public static WorkerHeadStart Begin()
    {
        try
        {
            return new WorkerHeadStart(WorkerSpawn.Start());
        }
        catch (Exception error) when (error is RunSetupException or System.ComponentModel.Win32Exception or IOException or System.Net.Sockets.SocketException)
        {
            return new WorkerHeadStart(null);
        }
    }

    /// <summary>The started worker, once; null after that, or when none could start.</summary>
    internal WorkerSpawn? Take() => Interlocked.Exchange(ref _spawn, null);

    public async ValueTask DisposeAsync()
    {
        if (Take() is { } unused)
        {
            await unused.DisposeAsync().ConfigureAwait(false);
        }
    }
}
