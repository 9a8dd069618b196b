namespace Subinterp.Runtime.Results;

/// <summary>
/// What is known about process changes that CPython's own extension modules make when they
/// initialise, and that CPython's own Python code makes (its test support), with the CPython
/// issues that describe them: the short explanation a report gives next to such an effect.
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
        ["_ctypes"] = new(
            "libffi (3.4 and later, with static trampolines) opens its own shared object once per process and keeps the " +
            "descriptor to map trampoline pages; CPython 3.14+ sets libffi up when _ctypes initialises (3.13, at the first " +
            "callback). A plain process holds the same descriptor: it is libffi's, not state shared between interpreters.",
            []),
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

    /// <summary>
    /// A descriptor that an extension's initialisation left open onto a shared library file: the
    /// library's own, taken once for the life of the process (libffi's). Reported as the effect it
    /// is, but no interpreter shares state through it: not a leak of the extension either.
    /// </summary>
    public static bool IsLibrarysOwnDescriptor(LeakFinding change) =>
        change.Kind == "fd" && Leaks.FileDescriptorState.LeftOpenTarget(change.Detail) is { } target && LibraryFile.IsMatch(target);

    private static readonly System.Text.RegularExpressions.Regex LibraryFile =
        new(@"^/\S+\.so(\.\d+)*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    // Code of CPython's own that changes the process, by its file (relative to the stdlib) and function.
    private static readonly Dictionary<(string File, string Function), Cause> BySite = new()
    {
        // test_shutil calls it at import through @skip_unless_xattr (3.12 to 3.15 alike).
        [("test/support/os_helper.py", "can_xattr")] = new(
            "test.support.os_helper.can_xattr() opens a temporary file with tempfile.mkstemp(), removes it and never closes the " +
            "descriptor: every process (or interpreter) that asks whether extended attributes work keeps one deleted file open. " +
            "CPython's test support does it, not the test module (test_shutil asks at import, through @skip_unless_xattr); " +
            "a plain `python -c 'import test.test_shutil'` keeps the same descriptor open (3.12 to 3.15).",
            []),
    };

    /// <summary>What is known about a line ("test/support/os_helper.py:214") of CPython's own code in a function, or null.</summary>
    public static Cause? OfSite(string where, string? function)
    {
        var colon = where.LastIndexOf(':');
        return colon < 0 || function is null ? null : BySite.GetValueOrDefault((where[..colon], function));
    }
}
