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
internal sealed class WorkerProcess : IWorker
{
    private const int ControlSource = -1;

    private readonly Process _process;
    private readonly LineSocket _control;
    private readonly IReadOnlyList<LineSocket> _channels;
    private readonly string _socketPath;
    private readonly Task _pumps;
    private readonly System.Threading.Channels.Channel<WorkerEvent> _events = System.Threading.Channels.Channel.CreateUnbounded<WorkerEvent>();
    private int _openConnections;

    public int Pid { get; }
    public int Number { get; }
    public int Slots { get; }
    public IReadOnlyList<int> Cpus { get; }
    public string FaultLogPath { get; }
    public string LogPath { get; }
    private readonly OutputTail _stderrTail;

    public System.Threading.Channels.ChannelReader<WorkerEvent> Events => _events.Reader;

    public string StderrTail() => _stderrTail.Text();

    private WorkerProcess(Process process, LineSocket control, IReadOnlyList<LineSocket> channels, string socketPath, Task pumps, HelloMessage hello,
        int number, string faultLogPath, string logPath, OutputTail stderrTail)
    {
        _process = process;
        _control = control;
        _channels = channels;
        _socketPath = socketPath;
        _pumps = pumps;
        Pid = process.Id;
        Number = number;
        Slots = hello.Slots;
        Cpus = [.. hello.Cpus];
        FaultLogPath = faultLogPath;
        LogPath = logPath;
        _stderrTail = stderrTail;
        _openConnections = channels.Count + 1;
        _ = PumpEventsAsync(control, ControlSource);
        for (var slot = 0; slot < channels.Count; slot++)
        {
            _ = PumpEventsAsync(channels[slot], slot);
        }
        _ = WatchExitAsync();
    }

    /// <summary>Configures <paramref name="spawn"/> for <paramref name="python"/> and waits for its hello; it is this worker's from then on.</summary>
    /// <exception cref="RunSetupException">The worker could not start or load Python; its process is gone then.</exception>
    public static async Task<WorkerProcess> StartAsync(WorkerSpawn spawn, PythonInstallation python, int slots, string stateDirectory, IReadOnlyList<string> preload,
        bool keepDefaultAllocator, IReadOnlyList<int>? cores, CancellationToken cancellation)
    {
        var process = spawn.Process;
        try
        {
            var logs = Path.Combine(Path.GetFullPath(stateDirectory), "logs");
            Directory.CreateDirectory(logs);
            var faultLog = Path.Combine(logs, $"worker-{Environment.ProcessId}-{spawn.Number}.fault");
            var log = Path.Combine(logs, $"worker-{Environment.ProcessId}-{spawn.Number}.log");
            File.WriteAllText(log, "");
            // Whatever the worker wrote before it was configured waited in the pipes.
            var tail = new OutputTail(16 * 1024);
            var pumps = Task.WhenAll(
                new OutputTail(0).PumpAsync(process.StandardOutput.BaseStream, log),
                tail.PumpAsync(process.StandardError.BaseStream, log));
            var accept = spawn.Listener.AcceptAsync(cancellation).AsTask();
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
            // The worker opens its slot channels only once configured: the first connection is the control one.
            var control = new LineSocket(await accept.ConfigureAwait(false));
            control.Send(new ConfigureMessage
            {
                Protocol = ProtocolMessage.Version, Library = python.Library!, Executable = python.Executable, Python = python.VersionText,
                Slots = slots, FaultLog = faultLog, Preload = preload, DefaultAllocator = keepDefaultAllocator, Cores = cores,
            });
            var connections = new List<LineSocket>();
            while (connections.Count < slots)
            {
                var next = spawn.Listener.AcceptAsync(cancellation).AsTask();
                if (await Task.WhenAny(next, exited, Task.Delay(TimeSpan.FromSeconds(60), cancellation)).ConfigureAwait(false) != next)
                {
                    throw await StartupFailedAsync(process, pumps, tail, python, "did not open its slot channels").ConfigureAwait(false);
                }
                connections.Add(new LineSocket(await next.ConfigureAwait(false)));
            }
            // Each connection introduces itself: the control one with hello, a slot's with channel.
            var firstLines = await Task.WhenAll(connections.Prepend(control).Select(c => c.ReadLineAsync(cancellation).AsTask())).ConfigureAwait(false);
            if (firstLines.Any(line => line is null))
            {
                throw await StartupFailedAsync(process, pumps, tail, python, "exited while starting").ConfigureAwait(false);
            }
            var introductions = firstLines.Select(line => ProtocolCodec.Decode(line)).ToList();
            if (introductions[0] is not HelloMessage hello || hello.Protocol != ProtocolMessage.Version)
            {
                throw new RunSetupException($"the worker speaks protocol {(introductions[0] as HelloMessage)?.Protocol}, this orchestrator {ProtocolMessage.Version}: reinstall subinterp.");
            }
            var bySlot = introductions.Skip(1).Select((message, index) => (Slot: (message as ChannelMessage)?.Slot, Connection: connections[index]))
                .ToDictionary(entry => entry.Slot ?? -1, entry => entry.Connection);
            var channels = Enumerable.Range(0, slots).Select(slot => bySlot[slot]).ToList();
            return new WorkerProcess(process, control, channels, spawn.SocketPath, pumps, hello, spawn.Number, faultLog, log, tail);
        }
        catch
        {
            // Whatever went wrong, the process is not left behind.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            throw;
        }
        finally
        {
            spawn.CloseListener();
        }
    }

    private static async Task<RunSetupException> StartupFailedAsync(Process process, Task pumps, OutputTail tail, PythonInstallation python, string what)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAny(pumps, Task.Delay(1000)).ConfigureAwait(false);
        return new RunSetupException($"the worker for {python} {what} (code {process.ExitCode}): {tail.Text().Trim()}");
    }

    /// <summary>False when the worker's control connection is gone; its events say how it ended.</summary>
    public bool Send(ProtocolMessage message)
    {
        try
        {
            _control.Send(message);
            return true;
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// After the process has ended: every line it wrote that has not been read yet. Its channels end
    /// when it does, unless a process it started still holds them; then waiting stops after a pause.
    /// </summary>
    public async Task<IReadOnlyList<WorkerEvent>> DrainAsync()
    {
        var lines = new List<WorkerEvent>();
        while (true)
        {
            while (_events.Reader.TryRead(out var next))
            {
                if (next.Kind == WorkerEventKind.Line)
                {
                    lines.Add(next);
                }
            }
            // Once every connection has ended, what is left is already queued.
            var pause = TimeSpan.FromMilliseconds(Volatile.Read(ref _openConnections) == 0 ? 20 : 500);
            using var timeout = new CancellationTokenSource(pause);
            try
            {
                if (!await _events.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    return lines;
                }
            }
            catch (OperationCanceledException)
            {
                return lines;
            }
        }
    }

    private async Task PumpEventsAsync(LineSocket socket, int source)
    {
        while (await socket.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.Line, source, line));
        }
        _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.ChannelClosed, source));
        Interlocked.Decrement(ref _openConnections);
    }

    private async Task WatchExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _events.Writer.TryWrite(new WorkerEvent(WorkerEventKind.Exited, ControlSource));
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends a signal to one thread of the worker (a slot thread, by its kernel thread id).</summary>
    public bool SignalThread(int tid, int signal) => Interop.LibC.tgkill(Pid, tid, signal) == 0;

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

    /// <summary>True when the process ends within <paramref name="grace"/>; it is left running otherwise.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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
            Send(new ShutdownMessage());
            await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        _control.Dispose();
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        _process.Dispose();
        File.Delete(_socketPath);
        BytecodeCache.Remove(Pid);
    }
}
