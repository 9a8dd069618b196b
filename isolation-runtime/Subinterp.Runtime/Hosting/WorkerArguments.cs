namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The worker's command line, written by the orchestrator and parsed by the worker: only where to
/// connect. The worker is started before the orchestrator has found Python, so everything else
/// (the Python, the slots) comes over the control connection (<see cref="Protocol.ConfigureMessage"/>).
/// </summary>
public sealed record WorkerArguments(string SocketPath)
{
    public IReadOnlyList<string> ToCommandLine() => ["--socket", SocketPath];

    /// <exception cref="ArgumentException">An option is missing or malformed.</exception>
    public static WorkerArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count != 2 || args[0] != "--socket")
        {
            throw new ArgumentException(
                $"unexpected worker arguments '{string.Join(' ', args)}': the worker needs --socket PATH; it is started by the subinterp orchestrator, not by hand");
        }
        return new WorkerArguments(args[1]);
    }
}
