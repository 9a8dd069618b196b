namespace Subinterp.Runtime.Results;

/// <summary>
/// What is known about process changes that CPython's own extension modules make when they
/// initialise, with the CPython issues that describe them: the short explanation a report gives
/// next to such an effect.
/// </summary>
public static class KnownCauses
{
    public sealed record Cause(string Explanation, IReadOnlyList<string> Issues);

    private static readonly Dictionary<string, Cause> ByExtension = new(StringComparer.Ordinal)
    {
        ["readline"] = new(
            "GNU readline's initialisation exports COLUMNS and LINES and installs its SIGWINCH handler for the whole process " +
            "(gh-46927); readline is a single-phase module, and CPython runs a single-phase module's init in an isolated " +
            "subinterpreter before refusing it (gh-117953), so this happens even though the import then fails. " +
            "doctest imports pdb, which imports rlcompleter, which tries readline: every doctest-using module gets here.",
            ["gh-46927", "gh-117953"]),
    };

    public static Cause? Of(string extension) => ByExtension.GetValueOrDefault(extension);

    /// <summary>CPython 3.12 runs a refused single-phase extension's init and leaves the process broken; fixed in 3.13.</summary>
    public const string RefusalDefectIssue = "gh-117953";

    /// <summary>The crash is that defect answering the refusal canary: CPython's, not the code under test's.</summary>
    public static bool IsRefusalDefect(CrashInfo? crash) => crash?.Reason.Contains(RefusalDefectIssue, StringComparison.Ordinal) == true;

    /// <summary>A module that ran every test without a failure and then met that defect.</summary>
    public static bool PassedThenHitRefusalDefect(ModuleResult module) =>
        IsRefusalDefect(module.Crash) && module.Tests.All(test => !VerdictRules.IsFailure(test.Outcome));

    /// <summary>How a progress or summary line says it, at a glance.</summary>
    public const string RefusalDefectInBrief = "every test passed; the crash is CPython 3.12's refusal defect (gh-117953), not the code's";
}
