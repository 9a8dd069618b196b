namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// When a finished module's interpreter refused an extension, CPython 3.12 may already have run the
/// extension's single-phase initialisation and left the process broken: the next import of it, in
/// any interpreter, aborts with a double free. The orchestrator then has the slot import it once
/// more in a fresh interpreter (the canary) while the module is still the one in flight, so the
/// crash, if it comes, is attributed to the module that caused it. 3.13 refuses before initialising.
/// The canary waits for the worker's other modules to finish their tests (the worker takes no new
/// module meanwhile), so its crash interrupts nobody.
/// </summary>
internal static class RefusalCanary
{
    public static bool Applies(RunPlan plan, ModuleRun run) =>
        run.RefusedExtensions.Count > 0 && plan.Options.Mode == InterpreterMode.Isolated && plan.Python.Version < new Version(3, 13);

    /// <summary>
    /// The canaries to send now: those waiting, once no module of the worker is creating an
    /// interpreter, running or ending one. All of the worker's waiting canaries then run at once,
    /// each on its own slot: every module in flight has finished its tests, so a crash costs
    /// nobody a re-run.
    /// </summary>
    public static IReadOnlyList<ModuleRun> Due(IEnumerable<ModuleRun> inFlight)
    {
        var runs = inFlight.ToList();
        return runs.Any(run => run.Phase is RunPhase.Creating or RunPhase.Running or RunPhase.Ending)
            ? []
            : runs.Where(run => run.Phase == RunPhase.Canary && !run.CanarySent).ToList();
    }
}
