using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Cells;

/// <summary>
/// Which of the checks behind an ok (or leaks) cell were actually made on the module, from what the
/// runtime reported: the cross-interpreter checks (the worker's probe interpreter says per module
/// whether it compared, <see cref="CrossCheck"/>), the import at the same moment (two slots, and
/// the two copies met), the lifecycle meter (--lifecycles). A cell claims only what was made and
/// names each check that was not, with why.
/// </summary>
public static class ChecksMade
{
    public const string SharedObjects = "objects shared between interpreters";
    public const string CarryOver = "state carried over to a new interpreter";
    public const string SameMoment = "two interpreters importing it at the same moment";
    public const string Lifecycles = "growth per lifecycle";

    /// <summary>Each check not made, as "what: why".</summary>
    public static IReadOnlyList<string> NotMade(string extension, IReadOnlyList<ProbeResult> probes)
    {
        var missing = new List<string>();
        if (Preloaded(probes))
        {
            missing.Add($"{SharedObjects}, {CarryOver}: {extension} was already loaded when each interpreter started, so no probe interpreter was made for it");
        }
        else
        {
            AddCrossCheck(missing, extension, probes, CrossCheck.SharedObject, SharedObjects);
            AddCrossCheck(missing, extension, probes, CrossCheck.CarryOver, CarryOver);
        }
        var concurrent = probes.Where(p => p.Probe.Kind == ProbeKind.Concurrent).ToList();
        if (concurrent.Count == 0)
        {
            missing.Add($"{SameMoment}: not run (it needs two slots, -j 2, and an import that did not crash alone)");
        }
        else if (concurrent.Any(p => Skipped(p, ProbeSource.AloneMessage)))
        {
            missing.Add($"{SameMoment}: the two copies did not meet within {ProbeSource.RendezvousSeconds:0} s, so each imported alone");
        }
        if (!probes.Any(p => p.Probe.Kind == ProbeKind.Lifecycles))
        {
            missing.Add($"{Lifecycles}: not measured (--lifecycles 4 or more measures it)");
        }
        return missing;
    }

    /// <summary>Whether the check was made on the module by any of its probes.</summary>
    public static bool Made(string extension, IReadOnlyList<ProbeResult> probes, string check) =>
        !Preloaded(probes) && Reports(extension, probes, check).Any(c => c.NotRun is null);

    private static void AddCrossCheck(List<string> missing, string extension, IReadOnlyList<ProbeResult> probes, string check, string what)
    {
        var reports = Reports(extension, probes, check).ToList();
        if (reports.Any(c => c.NotRun is null))
        {
            return;
        }
        missing.Add(reports.FirstOrDefault() is { NotRun: { } why }
            ? $"{what}: not checked, {why}"
            : $"{what}: not checked, no probe interpreter reported on {extension} (built-in modules are not compared across interpreters, nor is a module the probe did not see load)");
    }

    private static IEnumerable<CrossCheck> Reports(string extension, IReadOnlyList<ProbeResult> probes, string check) =>
        probes.SelectMany(p => p.Result.CrossChecks ?? []).Where(c => c.Module == extension && c.Check == check);

    private static bool Preloaded(IReadOnlyList<ProbeResult> probes) => probes.Any(p => Skipped(p, ProbeSource.PreloadedMessage));

    private static bool Skipped(ProbeResult probe, string message) =>
        probe.Result.Tests.Any(t => t.Outcome == TestOutcome.Skipped && (t.Message ?? "").Contains(message, StringComparison.Ordinal));
}
