namespace Subinterp.Runtime.Hosting;

/// <summary>
/// Exit codes the worker chooses itself, so the orchestrator can tell a worker that gave up from
/// one that test code ended (os._exit(n) can pick any of these too; the reason says "probably").
/// </summary>
public static class WorkerExitCodes
{
    /// <summary>Bad arguments, or Python could not be loaded.</summary>
    public const int StartupFailed = 70;

    /// <summary>The control connection ended without a shutdown: the orchestrator vanished, or test code closed the socket.</summary>
    public const int ControlLost = 75;

    /// <summary>A slot could not write to its event channel: test code closed or replaced the descriptor.</summary>
    public const int ChannelBroken = 76;

    public static string? Explain(int exitCode) => exitCode switch
    {
        StartupFailed => "the worker could not start",
        ControlLost => "the worker lost its connection to the orchestrator (test code closing file descriptors does this)",
        ChannelBroken => "a slot's event channel was closed or replaced (test code closing or dup2-ing file descriptors does this)",
        _ => null,
    };
}
