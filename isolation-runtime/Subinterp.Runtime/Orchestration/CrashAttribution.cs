namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Who may have brought a worker down, from the phase each in-flight module was in. A module that
/// ran test code (or was ending its interpreter, or had its refusal re-checked) is a suspect. One
/// still waiting for its interpreter ran nothing: it is innocent, but when nobody else is a suspect
/// the slot's previous module is, since what it left behind can crash the next creation.
/// </summary>
internal static class CrashAttribution
{
    public sealed record Attribution(IReadOnlyList<ModuleRun> Suspects, IReadOnlyList<ModuleRun> Innocent, IReadOnlyList<ModuleRun> Previous);

    /// <param name="previousOnSlot">The module that finished last on each worker slot, whose result is still held.</param>
    public static Attribution Attribute(IEnumerable<ModuleRun> inFlight, IReadOnlyDictionary<int, ModuleRun> previousOnSlot)
    {
        var runs = inFlight.ToList();
        var suspects = runs.Where(run => run.Phase != RunPhase.Creating).ToList();
        var innocent = runs.Where(run => run.Phase == RunPhase.Creating).ToList();
        var previous = suspects.Count > 0
            ? []
            : innocent.Select(run => previousOnSlot.GetValueOrDefault(run.WorkerSlot)).OfType<ModuleRun>().Distinct().ToList();
        return new Attribution(suspects, innocent, previous);
    }

    /// <summary>The test to name: the one running, or for a re-checked refusal the one that imported the extension.</summary>
    public static string? Test(ModuleRun run) => run.Phase == RunPhase.Canary ? run.RefusedDuring : run.CurrentTest;

    /// <summary>How a crash that CPython 3.12's refusal of a single-phase extension caused is explained (gh-117953).</summary>
    public const string SinglePhaseRefusalDefect = "CPython 3.12 runs a single-phase extension's initialisation before refusing it and leaves the process broken (gh-117953, fixed in 3.13)";

    public static string Reason(ModuleRun run, WorkerDeath death) => run.Phase switch
    {
        RunPhase.Ending => $"the worker {death.Describe()} while ending this module's interpreter (Py_EndInterpreter)",
        RunPhase.Canary =>
            $"the worker {death.Describe()} when a fresh interpreter imported {string.Join(", ", run.RefusedExtensions)} again after this " +
            $"module's isolated interpreter had refused it: {SinglePhaseRefusalDefect}",
        _ => $"the worker {death.Describe()}",
    };
}
