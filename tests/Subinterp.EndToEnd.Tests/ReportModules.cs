using System.Text.Json.Nodes;

namespace Subinterp.EndToEnd.Tests;

/// <summary>Reads a JSON report's modules by name (and mode, for --mode both).</summary>
internal static class ReportModules
{
    public static JsonObject Module(JsonObject report, string name, string? mode = null) =>
        report["modules"]!.AsArray().Select(m => m!.AsObject())
            .Single(m => (string)m["module"]! == name && (mode is null || (string)m["mode"]! == mode));

    public static IReadOnlyList<(string Kind, string Detail)> Leaks(JsonObject module) =>
        module["leaks"]!.AsArray().Select(l => ((string)l!["kind"]!, (string)l["detail"]!)).ToList();

    public static string Verdict(JsonObject module) => (string)module["verdict"]!;

    /// <summary>Module name → verdict, for every module of the report (of one mode).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Verdicts(JsonObject report, string? mode = null) =>
        report["modules"]!.AsArray().Select(m => m!.AsObject())
            .Where(m => mode is null || (string)m["mode"]! == mode)
            .Select(m => KeyValuePair.Create((string)m["module"]!, (string)m["verdict"]!))
            .OrderBy(p => p.Key, StringComparer.Ordinal);

    /// <summary>Whether a finding of <paramref name="kind"/> contains every fragment.</summary>
    public static bool HasLeak(JsonObject module, string kind, IEnumerable<string> fragments) =>
        Leaks(module).Any(l => l.Kind == kind && fragments.All(f => l.Detail.Contains(f, StringComparison.Ordinal)));
}
