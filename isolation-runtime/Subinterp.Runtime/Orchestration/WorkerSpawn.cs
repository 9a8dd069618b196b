using System.Diagnostics;
using System.Net.Sockets;
using Subinterp.Runtime.Hosting;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A worker process started but not yet told which Python to load: its private listening socket
/// and the process, which connects and waits for <see cref="Protocol.ConfigureMessage"/>. Starting
/// it needs nothing of the run, so it can start before Python is found (<see cref="WorkerHeadStart"/>);
/// <see cref="WorkerProcess.StartAsync"/> configures it. Disposed unconfigured, it is killed and reaped.
/// </summary>
internal sealed class WorkerSpawn : IAsyncDisposable
{
    private static int s_counter;

    private WorkerSpawn(Process process, Socket listener, string socketPath, int number)
    {
        Process = process;
        Listener = listener;
        SocketPath = socketPath;
        Number = number;
    }

    public Process Process { get; }

    /// <summary>Where the worker connects: the control connection first, then one event channel per slot once configured.</summary>
    public Socket Listener { get; }

    public string SocketPath { get; }

    /// <summary>This process's count of workers, in the names of its log files.</summary>
    public int Number { get; }

    /// <exception cref="RunSetupException">No worker is deployed (<see cref="DotnetHost.Command"/>), or it could not be started.</exception>
    public static WorkerSpawn Start()
    {
        var command = DotnetHost.Command();
        var number = Interlocked.Increment(ref s_counter);
        var socketPath = Path.Combine(Path.GetTempPath(), $"subinterp-{Environment.ProcessId}-{number}-{Guid.NewGuid():N}"[..40] + ".sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            // The control connection, then one event channel per slot: the backlog holds those the
            // worker opens before they are accepted.
            listener.Listen(64);
            var start = new ProcessStartInfo(command.FileName)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in command.Arguments.Concat(new WorkerArguments(socketPath).ToCommandLine()))
            {
                start.ArgumentList.Add(argument);
            }
            var process = Process.Start(start) ?? throw new RunSetupException("could not start the subinterp worker process.");
            // Tests read stdin as if run from a terminal-less CI job: give them end-of-file, not our input.
            process.StandardInput.Close();
            return new WorkerSpawn(process, listener, socketPath, number);
        }
        catch
        {
            listener.Dispose();
            File.Delete(socketPath);
            throw;
        }
    }

    /// <summary>No more connections will come: the listener and its file go.</summary>
    public void CloseListener()
    {
        Listener.Dispose();
        File.Delete(SocketPath);
    }

    /// <summary>For a worker that was never configured: killed, reaped, its socket removed.</summary>
    public async ValueTask DisposeAsync()
    {
        CloseListener();
        try
        {
            // It has started nothing of its own yet: no tree to walk.
            Process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        await Process.WaitForExitAsync().ConfigureAwait(false);
        Process.Dispose();
    }
}
