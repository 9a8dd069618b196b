namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Extension modules imported once in the main interpreter before any subinterpreter exists.
/// CPython 3.12 corrupts its heap when an isolated subinterpreter refuses a single-phase module
/// that the main interpreter has not loaded (_datetime, _decimal: fixed in 3.13 by gh-117953).
/// pytest imports both, so under pytest on 3.12 they are preloaded; under unittest nothing is,
/// so a test module that triggers the bug is reported as the crash it is.
/// </summary>
public static class MainInterpreterPreload
{
    public static IReadOnlyList<string> For(RunPlan plan) =>
        plan.Engine == "pytest" && plan.Python.Version < new Version(3, 13) ? ["_datetime", "_decimal"] : [];
}
