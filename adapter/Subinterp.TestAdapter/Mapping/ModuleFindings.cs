using Subinterp.Runtime.Results;

namespace Subinterp.TestAdapter.Mapping;

/// <summary>
/// TEMPORARY until the runtime's findings formatter (Results/) lands with the session API: then
/// this file goes and <see cref="ResultMapper"/> calls the runtime's formatter.
/// </summary>
internal static class ModuleFindings
{
    public static IReadOnlyList<(string Title, string? Detail)> Of(ModuleResult module)
    {
        var findings = new List<(string, string?)>();
        if (module.Crash is { } crash)
        {
            findings.Add(($"crashed ({crash.Signal ?? $"exit code {crash.ExitCode}"}): {crash.Reason}" + (crash.Test is null ? "" : $" in {crash.Test}"),
                string.Join("\n\n", new[] { crash.Traceback, crash.StderrTail }.Where(s => !string.IsNullOrEmpty(s)))));
        }
        if (module.Timeout is { } timeout)
        {
            findings.Add((FormattableString.Invariant($"timed out after {timeout.LimitSeconds:0.###} s") + (timeout.Test is null ? "" : $" in {timeout.Test}"), timeout.Stacks));
        }
        if (module.Error is { Kind: not "fixture" } error)
        {
            findings.Add(($"{error.Kind} error: {error.Message}", error.Traceback));
        }
        foreach (var u in module.UnsafeImports)
        {
            findings.Add(($"unsafe import of {u.Module}" + (u.ImportedBy is null ? "" : $" (imported by {u.ImportedBy})"),
                u.Error + (u.Broke.Count == 0 ? "" : $"\nbroke {string.Join(", ", u.Broke)}")));
        }
        foreach (var leak in module.Leaks)
        {
            findings.Add(($"leaked {leak.Kind}", leak.Detail));
        }
        return findings;
    }
}
