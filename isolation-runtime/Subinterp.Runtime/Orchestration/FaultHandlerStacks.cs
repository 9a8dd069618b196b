using Subinterp.Runtime.Interop;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Python stacks of a stuck interpreter when its own watchdog cannot report them (the GIL held in
/// C code, or other interpreters running so that sys._current_frames() is unsafe). faulthandler is
/// enabled in the worker's main interpreter; SIGABRT sent to the stuck slot's thread makes it dump
/// every thread of the interpreter that thread runs (it finds it through the thread's own thread
/// state), without taking the GIL. faulthandler.register(SIGUSR1) would not do: a user signal
/// dumps the threads of the interpreter that registered it, the main one. The .NET runtime's own
/// SIGABRT handler, which faulthandler chains to, does not reliably end the process, so the worker
/// is killed once the dump is written.
/// </summary>
internal static class FaultHandlerStacks
{
    private const string AbortHeader = "Fatal Python error: Aborted";
    private static readonly TimeSpan DumpWait = TimeSpan.FromSeconds(3);

    public static async Task<(WorkerExit Exit, string? Stacks)> CaptureAsync(IWorker worker, int? tid)
    {
        if (tid is { } thread && !worker.HasExited && worker.SignalThread(thread, LibC.SIGABRT))
        {
            await WaitForDumpAsync(worker).ConfigureAwait(false);
        }
        worker.Kill();
        var exit = await worker.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return (exit, Clean(worker.FaultLog()));
    }

    /// <summary>Until the dump has stopped growing for a moment, or the process is gone.</summary>
    private static async Task WaitForDumpAsync(IWorker worker)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long lastSize = -1;
        var stableSince = TimeSpan.Zero;
        while (clock.Elapsed < DumpWait && !worker.HasExited)
        {
            await Task.Delay(50).ConfigureAwait(false);
            var size = File.Exists(worker.FaultLogPath) ? new FileInfo(worker.FaultLogPath).Length : 0;
            if (size > 0 && size == lastSize)
            {
                if (clock.Elapsed - stableSince >= TimeSpan.FromMilliseconds(200))
                {
                    return;
                }
            }
            else
            {
                lastSize = size;
                stableSince = clock.Elapsed;
            }
        }
    }

    /// <summary>The dump without its "Aborted" header (the abort was ours), or null when it holds no frame.</summary>
    private static string? Clean(string dump)
    {
        var text = dump.Trim();
        if (text.StartsWith(AbortHeader, StringComparison.Ordinal))
        {
            text = text[AbortHeader.Length..];
        }
        var cleaned = FaultDump.Clean(text);
        return cleaned.Contains("File ", StringComparison.Ordinal) ? $"(dumped by faulthandler, most recent call first)\n{cleaned}" : null;
    }
}
