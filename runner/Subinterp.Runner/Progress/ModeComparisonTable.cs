using System.Globalization;
using Subinterp.Runtime;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Progress;

/// <summary>
/// --mode both: each module's verdict in an isolated and in a legacy (shared-GIL) interpreter side
/// by side, with why they differ when the report can tell (an import refused in one mode only).
/// </summary>
internal static class ModeComparisonTable
{
    public static void Render(RunReport report, TextWriter output)
    {
        var rows = report.Modules.GroupBy(m => (m.Module, m.Path))
            .Select(g => (g.Key.Module, Isolated: g.FirstOrDefault(m => m.Mode == InterpreterMode.Isolated), Legacy: g.FirstOrDefault(m => m.Mode == InterpreterMode.Legacy)))
            .ToList();
        var width = Math.Max(6, rows.Max(r => (int?)r.Module.Length) ?? 6);
        output.WriteLine($"{"module".PadRight(width)}  {"isolated",-9}  {"legacy",-9}  {"tests",-7}  note");
        foreach (var (module, isolated, legacy) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{module.PadRight(width)}  {Verdict(isolated),-9}  {Verdict(legacy),-9}  {Tests(isolated) + "/" + Tests(legacy),-7}  {Note(isolated, legacy)}").TrimEnd());
        }
    }

    private static string Verdict(ModuleResult? result) => result is null ? "-" : ResultNames.Of(result.Verdict);

    private static string Tests(ModuleResult? result) => result is null ? "-" : result.Tests.Count.ToString(CultureInfo.InvariantCulture);

    private static string Note(ModuleResult? isolated, ModuleResult? legacy)
    {
        var refused = isolated?.UnsafeImports.Select(u => u.Module).ToList() ?? [];
        var sharedGil = legacy?.SharedGilImports?.Select(s => s.Module).ToList() ?? [];
        var notes = new List<string>();
        if (refused.Count > 0)
        {
            notes.Add($"isolated refuses {string.Join(", ", refused)}");
        }
        if (sharedGil.Count > 0)
        {
            notes.Add($"legacy loads {string.Join(", ", sharedGil)} under the shared GIL");
        }
        if (legacy?.Leaks.Count > 0 && isolated?.Leaks.Count == 0)
        {
            notes.Add($"legacy leaks: {string.Join(", ", legacy.Leaks.Select(l => l.Kind).Distinct())}");
        }
        return string.Join("; ", notes);
    }
}
