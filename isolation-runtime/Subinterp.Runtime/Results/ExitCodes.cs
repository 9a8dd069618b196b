namespace Subinterp.Runtime.Results;

/// <summary>The exit codes of `subinterp run` (docs/architecture.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int TestFailures = 1;
    public const int UsageOrEnvironment = 2;
    public const int IsolationFindings = 3;

    /// <summary>Interrupted (Ctrl+C): 128 + SIGINT, as a shell reports it.</summary>
    public const int Cancelled = 130;

    /// <summary>What a report's exit code says, in words.</summary>
    public static string Meaning(RunReport report) => report.Cancelled ? "cancelled: the report holds what finished" : report.ExitCode switch
    {
        Success => "everything passed",
        TestFailures => "test failures",
        UsageOrEnvironment => "usage error (a --test id the module does not have)",
        IsolationFindings => "isolation findings (crashed, timed-out, unsafe or leaked modules)",
        _ => $"exit code {report.ExitCode}",
    };

    public static int For(IEnumerable<ModuleResult> modules)
    {
        var all = modules.ToList();
        // A --test id the module does not have is the user's input to fix, whatever ran.
        if (all.Any(module => module.Error?.Kind == "selection"))
        {
            return UsageOrEnvironment;
        }
        var verdicts = all.Select(module => module.Verdict).ToList();
        if (verdicts.Any(VerdictRules.IsIsolationFinding))
        {
            return IsolationFindings;
        }
        return verdicts.Any(verdict => verdict is Verdict.Failed or Verdict.Error) ? TestFailures : Success;
    }
}
