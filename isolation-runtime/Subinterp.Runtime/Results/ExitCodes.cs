namespace Subinterp.Runtime.Results;

/// <summary>The exit codes of `subinterp run` (docs/architecture.md); <see cref="ExitPolicy"/> decides which applies.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int TestFailures = 1;
    public const int UsageOrEnvironment = 2;
    public const int IsolationFindings = 3;

    /// <summary>Interrupted (Ctrl+C): 128 + SIGINT, as a shell reports it.</summary>
    public const int Cancelled = 130;

    /// <summary>A --test id the module does not have is the user's input to fix, whatever ran.</summary>
    public static bool HasSelectionError(IEnumerable<ModuleResult> modules) => modules.Any(module => module.Error?.Kind == "selection");

    /// <summary>What a report's exit code says, in words.</summary>
    public static string Meaning(RunReport report) => report.Cancelled ? "cancelled: the report holds what finished" : report.ExitCode switch
    {
        Success => "everything passed",
        TestFailures => "test failures",
        UsageOrEnvironment => "usage error (a --test id the module does not have)",
        IsolationFindings => "isolation findings (crashed, timed-out, unsafe or leaked modules)",
        _ => $"exit code {report.ExitCode}",
    };
}
