namespace Subinterp.Runtime.Results;

/// <summary>DESIGN.md's exit codes of `subinterp run`; <see cref="ExitPolicy"/> decides which applies.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int TestFailures = 1;
    public const int UsageOrEnvironment = 2;
    public const int IsolationFindings = 3;
}
