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
/// <item>Under pytest: readline. pytest's debugging plugin imports it; a refused readline has
/// already run its init, which sets COLUMNS, LINES and a SIGWINCH handler: process changes that
/// are the framework's, not the test module's. Loaded once here, they happen before any baseline.</item>
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
        var pytest = plan.Engine == "pytest";
        if (plan.Python.Version >= new Version(3, 13))
        {
            return pytest ? ["_datetime", "readline"] : ["_datetime"];
        }
        return pytest ? ["_datetime", "_decimal", "readline"] : [];
    }
}
