namespace Subinterp.Runtime.Results;

/// <summary>Every finding of a report, each with its cause, in module order.</summary>
public static class Findings
{
    public static List<Finding> Of(RunReport report)
    {
        var both = report.Mode == "both";
        var findings = new List<Finding>();
        foreach (var module in report.Modules)
        {
            var mode = both ? module.Mode.Name() : null;
            if (module.Crash is { } crash)
            {
                var defect = crash.Reason.Contains("gh-117953", StringComparison.Ordinal);
                findings.Add(new Finding(module.Module, FindingKinds.Crash, defect ? FindingOrigins.Cpython : FindingOrigins.TestCode, crash.Reason)
                {
                    Test = crash.Test, Mode = mode, CpythonIssues = defect ? ["gh-117953"] : null,
                });
            }
            if (module.Timeout is { } timeout)
            {
                findings.Add(new Finding(module.Module, FindingKinds.Timeout, FindingOrigins.TestCode,
                    $"after {timeout.LimitSeconds} s{(timeout.Test is null ? "" : $" in {timeout.Test}")}") { Mode = mode });
            }
            foreach (var refused in module.UnsafeImports)
            {
                var via = refused.ImportedBy is { } by && by != module.Module ? $" (imported by {by})" : "";
                var broke = refused.Broke.Count == 0 ? "" : "; broke " + string.Join(", ", refused.Broke.Select(b => b == UnsafeImport.ModuleImport ? "the module's import" : b));
                findings.Add(new Finding(module.Module, FindingKinds.Unsafe, FindingOrigins.TestCode, $"imports {refused.Module}{via}: {FirstLine(refused.Error)}{broke}") { Mode = mode });
            }
            foreach (var leak in module.Leaks)
            {
                findings.Add(new Finding(module.Module, FindingKinds.Leak, FindingOrigins.TestCode, $"{leak.Kind}: {leak.Detail}") { Mode = mode });
            }
        }
        foreach (var effect in report.ExtensionEffects)
        {
            var changes = string.Join("; ", effect.Changes.Select(change => $"{change.Kind}: {change.Detail}"));
            findings.Add(new Finding(effect.Modules[0], FindingKinds.Effect, effect.Origin == ExtensionEffect.Stdlib ? FindingOrigins.Stdlib : FindingOrigins.TestCode,
                $"{effect.Extension}'s initialisation (imported {string.Join(" -> ", effect.ImportChain)}) changed the process: {changes}")
            {
                CpythonIssues = effect.CpythonIssues.Count == 0 ? null : effect.CpythonIssues,
            });
        }
        return findings;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].TrimEnd();
        return line.Length > 200 ? line[..200] + "..." : line;
    }
}
