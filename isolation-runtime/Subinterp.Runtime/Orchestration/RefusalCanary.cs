namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// When a finished module's interpreter refused an extension, CPython 3.12 may already have run the
/// extension's single-phase initialisation and left the process broken: the next import of it, in
/// any interpreter, aborts with a double free. The orchestrator then has the slot import it once
/// more in a fresh interpreter (the canary) while the module is still the one in flight, so the
/// crash, if it comes, is attributed to the module that caused it. 3.13 refuses before initialising.
/// A canary expected to crash (_datetime, _decimal) waits for the worker's other modules to finish
/// their tests (the worker takes no new module meanwhile), so its crash interrupts nobody.
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
        run.RefusedExtensions.Count > 0 && run.Item.Mode == InterpreterMode.Isolated && CPythonAdaptations.RefusalDefect.AppliesTo(plan.Python.Version)
        && run.Item.Purpose != WorkPurpose.Collect && !run.Abandoned;

    public static string DeadlineMissed(ModuleRun run) =>
        $"the refusal canary (a fresh interpreter importing {string.Join(", ", run.RefusedExtensions)} again) did not finish within {Limit.TotalSeconds:0} s";

    // Extensions whose refusal is known to leave a 3.12 process broken (gh-117953): their canary
    // crashes, unless the main interpreter loaded them first (the pytest engine preloads both).
    private static readonly string[] KnownBreakers = ["_datetime", "_decimal"];

    /// <summary>
    /// True when the canary is expected to crash the worker: it then waits until no other module of
    /// the worker runs tests, and the worker takes no new module meanwhile. Other canaries (readline,
    /// a third-party extension) rarely crash and go at once, as the worker carries on.
    /// </summary>
    public static bool WaitsForQuiet(RunPlan plan, ModuleRun run) =>
        run.RefusedExtensions.Any(name => KnownBreakers.Contains(name, StringComparer.Ordinal) && !MainInterpreterPreload.For(plan).Contains(name, StringComparer.Ordinal));

    /// <summary>
    /// The canaries to send now: those that need not wait, and those waiting once no module of the
    /// worker is creating an interpreter, running or ending one. Waiting canaries then run at once,
    /// each on its own slot: every module in flight has finished its tests, so a crash costs nobody a
    /// re-run. A canary's deadline runs from when it is sent.
    /// </summary>
    public static IReadOnlyList<ModuleRun> Due(IEnumerable<ModuleRun> inFlight)
    {
        var runs = inFlight.ToList();
        var quiet = !runs.Any(run => run.Phase is RunPhase.Creating or RunPhase.Running or RunPhase.Ending);
        return runs.Where(run => run.Phase == RunPhase.Canary && run.CanarySentAt is null && (quiet || !run.CanaryWaits)).ToList();
    }
}
