namespace Subinterp.Runtime.Results;

/// <summary>The verdict order of docs/architecture.md: the most severe finding that applies.</summary>
public static class VerdictRules
{
    public static Verdict Decide(ModuleResult module)
    {
        if (module.Crash is not null)
        {
            return Verdict.Crashed;
        }
        if (module.Timeout is not null)
        {
            return Verdict.TimedOut;
        }
        if (module.Error is not null && module.Error.Kind != "fixture" && !BrokenByUnsafeImport(module))
        {
            return Verdict.Error;
        }
        if (module.UnsafeImports.Count > 0)
        {
            return Verdict.Unsafe;
        }
        if (module.Leaks.Count > 0)
        {
            return Verdict.Leaked;
        }
        if (module.Tests.Any(test => IsFailure(test.Outcome)))
        {
            return Verdict.Failed;
        }
        if (module.Tests.Count > 0 && module.Tests.All(test => test.Outcome == TestOutcome.Skipped))
        {
            return Verdict.Skipped;
        }
        return Verdict.Passed;
    }

    /// <summary>The module could not be imported only because an extension module it needs was refused: unsafe, not error.</summary>
    public static bool BrokenByUnsafeImport(ModuleResult module) =>
        module.Error?.Kind is "import" or "collect" && module.UnsafeImports.Any(u => u.Broke.Contains(UnsafeImport.ModuleImport));

    /// <summary>Outcomes that make a run unsuccessful, as unittest's wasSuccessful() judges (xpass included).</summary>
    public static bool IsFailure(TestOutcome outcome) => outcome is
        TestOutcome.Failed or TestOutcome.Error or TestOutcome.Xpass or TestOutcome.Crashed or TestOutcome.TimedOut or TestOutcome.NotRun;

    public static bool IsIsolationFinding(Verdict verdict) => verdict is
        Verdict.Crashed or Verdict.TimedOut or Verdict.Unsafe or Verdict.Leaked;
}
