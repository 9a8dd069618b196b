namespace Subinterp.Runtime.Results;

/// <summary>DESIGN.md's exit codes of `subinterp run`.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int TestFailures = 1;
    public const int UsageOrEnvironment = 2;
    public const int IsolationFindings = 3;

    public static int For(IEnumerable<ModuleResult> modules)
    {
        var verdicts = modules.Select(module => module.Verdict).ToList();
        if (verdicts.Any(VerdictRules.IsIsolationFinding))
        {
            return IsolationFindings;
        }
        return verdicts.Any(verdict => verdict is Verdict.Failed or Verdict.Error) ? TestFailures : Success;
    }
}
