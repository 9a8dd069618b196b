using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// How a worker ended and what it left behind: its exit, why the orchestrator stopped it (if it
/// did), the faulthandler dump and the tail of its stderr. A worker dies at most once, so its
/// per-worker faulthandler file holds this death's dump and nothing else.
/// </summary>
internal sealed record WorkerDeath(WorkerExit Exit, string? StoppedFor, string? FaultLog, string? StderrTail)
{
    private const int MaxTextChars = 32 * 1024;

    public static WorkerDeath Of(IWorker worker, WorkerExit exit, string? stoppedFor)
    {
        var stderr = worker.StderrTail();
        var faultLog = worker.FaultLog();
        return new(exit, stoppedFor, Tail(string.IsNullOrWhiteSpace(faultLog) ? "" : FaultDump.Clean(faultLog)) ?? FatalErrorIn(stderr), Tail(stderr));
    }

    /// <summary>
    /// Py_FatalError writes its message and the thread dump to stderr and disables faulthandler
    /// before it aborts, so the fault log stays empty: take the report from stderr instead.
    /// </summary>
    private static string? FatalErrorIn(string stderr)
    {
        var start = stderr.LastIndexOf("Fatal Python error:", StringComparison.Ordinal);
        return start < 0 ? null : Tail(stderr[start..]);
    }

    /// <summary>"killed by SIGSEGV (signal 11)", "exited with code 0", or why the orchestrator stopped it.</summary>
    public string Describe()
    {
        if (StoppedFor is not null)
        {
            return $"was stopped: {StoppedFor}";
        }
        if (Exit.Signal is not null)
        {
            return $"was {Exit.Describe()}";
        }
        // Any other exit in the middle of a module is test code ending the process.
        var why = WorkerExitCodes.Explain(Exit.ExitCode) ?? "test code ended the process (os._exit?)";
        return $"{Exit.Describe()}: {why}";
    }

    public CrashInfo ToCrash(string? test, string reason) => new(Exit.SignalName, Exit.ExitCode, test, FaultLog, StderrTail, reason);

    private static string? Tail(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return text.Length > MaxTextChars ? "[...]\n" + text[^MaxTextChars..] : text;
    }
}
