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
    /// <summary>
    /// How long a canary may take (creating an interpreter and importing a few extensions takes well
    /// under a second): past it the process is as broken as if it had died, and is stopped.
    /// </summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Only an isolated interpreter refuses, so it is the run's mode that counts (with --mode both, half the runs are legacy).</summary>
    public static bool Applies(RunPlan plan, ModuleRun run) =>
        run.RefusedExtensions.Count > 0 && run.Item.Mode == InterpreterMode.Isolated && plan.Python.Version < new Version(3, 13)
        && run.Item.Purpose != WorkPurpose.Collect && !run.Abandoned;

    public static string DeadlineMissed(ModuleRun run) =>
        $"the refusal canary (a fresh interpreter importing {string.Join(", ", run.RefusedExtensions)} again) did not finish within {Limit.TotalSeconds:0} s";
}
