namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Extension modules imported once in the main interpreter before any subinterpreter exists, to
/// keep CPython bugs that the runner itself would trigger out of the results:
/// <list type="bullet">
/// <item>3.13: two isolated interpreters importing _datetime for the first time at the same time
/// abort the process (double free). Running modules side by side is Subinterp's doing, so
/// _datetime is always preloaded; once the main interpreter has it, the import is safe.</item>
/// <item>3.12: an isolated interpreter that refuses _datetime or _decimal corrupts the heap (fixed
/// in 3.13, gh-117953). pytest imports both, so under pytest they are preloaded; under unittest
/// they are not, so a test module that triggers the bug is reported as the crash it is.</item>
/// </list>
/// readline is not preloaded: its init's process changes (COLUMNS, LINES, a SIGWINCH handler, made
/// whenever pytest's debugging plugin or doctest reaches it through pdb) are attributed to readline
/// and reported once as its effect (Leaks/ExtensionEffects), never as the module's leak.
/// SUBINTERP_PRELOAD (comma-separated module names) replaces the list, for other such bugs;
/// <see cref="RunOptions.Preload"/>, when set, wins over both.
/// </summary>
public static class MainInterpreterPreload
{
    public const string EnvironmentVariable = "SUBINTERP_PRELOAD";

    public static IReadOnlyList<string> For(RunPlan plan)
    {
        if (plan.Options.Preload is { } chosen)
        {
            return chosen;
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } requested)
        {
            return requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        if (CPythonAdaptations.DatetimeStaticTypes.AppliesTo(plan.Python.Version))
        {
            return ["_datetime"];
        }
        return plan.Engine == "pytest" && CPythonAdaptations.RefusalDefect.AppliesTo(plan.Python.Version) ? ["_datetime", "_decimal"] : [];
    }
}
