namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// When a finished module's interpreter refused an extension, CPython 3.12 may already have run the
/// extension's single-phase initialisation and left the process broken: the next import of it, in
/// any interpreter, aborts with a double free. The orchestrator then has the slot import it once
/// more in a fresh interpreter (the canary) while the module is still the one in flight, so the
/// crash, if it comes, is attributed to the module that caused it. 3.13 refuses before initialising.
/// </summary>
internal static class RefusalCanary
{
    public static bool Applies(RunPlan plan, ModuleRun run) =>
        run.RefusedExtensions.Count > 0 && plan.Options.Mode == InterpreterMode.Isolated && plan.Python.Version < new Version(3, 13);
}
