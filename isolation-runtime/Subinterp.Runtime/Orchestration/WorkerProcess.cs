using System.Diagnostics;
using System.Net.Sockets;
using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// One worker process seen from the orchestrator: started with a private socket, its stdout/stderr
/// drained into a log (test code writes there) and a tail kept for crash reports.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private static int s_counter;
    private readonly Process _process;
    private readonly LineSocket _channel;
    private readonly string _socketPath;
    private readonly Task _pumps;

    public int Pid { get; }
    public int Number { get; }
    public int Slots { get; }
    public IReadOnlyList<int> Cpus { get; }
    public string FaultLogPath { get; }
    public string LogPath { get; }
    public OutputTail StderrTail { get; }

    private WorkerProcess(Process process, LineSocket channel, string socketPath, Task pumps, ProtocolMessage hello,
        int number, string faultLogPath, string logPath, OutputTail stderrTail)
    {
        _process = process;
        _channel = channel;
        _socketPath = socketPath;
        _pumps = pumps;
        Pid = process.Id;
        Number = number;
        Slots = hello.Slots ?? 1;
        Cpus = hello.Cpus ?? [];
        FaultLogPath = faultLogPath;
        LogPath = logPath;
        StderrTail = stderrTail;
    }

    /// <exception cref="RunSetupException">The worker could not start or load Python.</exception>
    public static async Task<WorkerProcess> StartAsync(PythonInstallation python, int slots, string stateDirectory, IReadOnlyList<string> preload, CancellationToken cancellation)
    {
        var number = Interlocked.Increment(ref s_counter);
        var logs = Path.Combine(Path.GetFullPath(stateDirectory), "logs");
        Directory.CreateDirectory(logs);
        var faultLog = Path.Combine(logs, $"worker-{Environment.ProcessId}-{number}.fault");
        var log = Path.Combine(logs, $"worker-{Environment.ProcessId}-{number}.log");
        File.WriteAllText(log, "");
        var socketPath = Path.Combine(Path.GetTempPath(), $"subinterp-{Environment.ProcessId}-{number}-{Guid.NewGuid():N}"[..40] + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);

        var arguments = new WorkerArguments(socketPath, python.Library!, python.Executable, python.VersionText, slots, faultLog, preload);
        var start = new ProcessStartInfo(DotnetHost.Muxer())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DotnetHost.Worker());
        foreach (var argument in arguments.ToCommandLine())
        {
            start.ArgumentList.Add(argument);
        }
        // Tests read stdin as if run from a terminal-less CI job: give them end-of-file, not our input.
        var process = Process.Start(start) ?? throw new RunSetupException("could not start the subinterp worker process.");
        process.StandardInput.Close();
        var tail = new OutputTail(16 * 1024);
        var pumps = Task.WhenAll(
            new OutputTail(0).PumpAsync(process.StandardOutput.BaseStream, log),
            tail.PumpAsync(process.StandardError.BaseStream, log));

        try
        {
            var accept = listener.AcceptAsync(cancellation).AsTask();
            var exited = process.WaitForExitAsync(cancellation);
            var first = await Task.WhenAny(accept, exited, Task.Delay(TimeSpan.FromSeconds(60), cancellation)).ConfigureAwait(false);
            if (first != accept)
            {
                await Task.WhenAny(pumps, Task.Delay(1000, cancellation)).ConfigureAwait(false);
                var reason = process.HasExited ? $"exited with code {process.ExitCode}" : "did not connect within 60 s";
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
                throw new RunSetupException($"the worker for {python} {reason}: {tail.Text().Trim()}");
            }
            var channel = new LineSocket(await accept.ConfigureAwait(false));
            var helloLine = await channel.ReadLineAsync(cancellation).ConfigureAwait(false);
            if (helloLine is null)
            {
                await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
                await Task.WhenAny(pumps, Task.Delay(1000, cancellation)).ConfigureAwait(false);
                throw new RunSetupException($"the worker for {python} exited while starting (code {process.ExitCode}): {tail.Text().Trim()}");
            }
            var hello = ProtocolCodec.Decode(helloLine);
            if (hello.Type != ProtocolMessageTypes.Hello || hello.Protocol != ProtocolMessage.Version)
            {
                throw new RunSetupException($"the worker speaks protocol {hello.Protocol}, this orchestrator {ProtocolMessage.Version}: reinstall subinterp.");
            }
            return new WorkerProcess(process, channel, socketPath, pumps, hello, number, faultLog, log, tail);
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    public void Send(ProtocolMessage message) => _channel.Send(message);

    public ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellation) => _channel.ReadLineAsync(cancellation);

    /// <summary>Waits for the process to end and for its output to be drained, then reports how it ended.</summary>
    public async Task<WorkerExit> WaitForExitAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        await Task.WhenAny(_pumps, Task.Delay(2000)).ConfigureAwait(false);
        return WorkerExit.From(_process.ExitCode);
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public string FaultLog() => File.Exists(FaultLogPath) ? File.ReadAllText(FaultLogPath) : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _channel.Send(new ProtocolMessage { Type = ProtocolMessageTypes.Shutdown });
            }
            catch (IOException)
            {
                // The worker is already going away.
            }
            await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        _channel.Dispose();
        _process.Dispose();
        File.Delete(_socketPath);
    }
}
