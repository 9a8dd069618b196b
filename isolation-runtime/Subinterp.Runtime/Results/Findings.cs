namespace Subinterp.Runtime.Results;

/// <summary>
/// Every isolation finding of a report with its cause: the modules' crashes, timeouts, unsafe
/// imports and leaks in the words of <see cref="ModuleFindings"/> (the code under test's, unless a
/// known CPython defect explains them), then each extension's initialisation effect once (not the
/// test framework's own imports'), then each code effect once (a conftest.py's variable, at its line).
/// </summary>
public static class Findings
{
    private static readonly Dictionary<string, string> KindOf = new(StringComparer.Ordinal)
    {
        ["crash"] = FindingKinds.Crash, ["timeout"] = FindingKinds.Timeout, ["unsafe"] = FindingKinds.Unsafe, ["leak"] = FindingKinds.Leak,
    };

    public static List<Finding> Of(RunReport report)
    {
        var both = report.Mode == "both";
        var findings = new List<Finding>();
        foreach (var module in report.Modules)
        {
            foreach (var found in ModuleFindings.Of(module))
            {
                if (!KindOf.TryGetValue(found.Kind, out var kind))
                {
                    continue; // an error is a test failure, shared-gil is information
                }
                var defect = kind == FindingKinds.Crash && found.Title.Contains(KnownCauses.RefusalDefectIssue, StringComparison.Ordinal);
                findings.Add(new Finding(module.Module, kind, defect ? FindingOrigins.Cpython : FindingOrigins.TestCode, found.Title)
                {
                    Test = found.Test, Mode = both ? module.Mode.Name() : null, CpythonIssues = defect ? [KnownCauses.RefusalDefectIssue] : null,
                });
            }
        }
        // The test framework's own imports (pytest imports readline in every session) are never a finding.
        foreach (var effect in report.ExtensionEffects.Where(effect => !effect.ByFramework))
        {
            var changes = string.Join("; ", effect.Changes.Select(change => $"{change.Kind}: {change.Detail}"));
            findings.Add(new Finding(effect.Modules[0], FindingKinds.Effect, effect.Origin == ExtensionEffect.Stdlib ? FindingOrigins.Stdlib : FindingOrigins.TestCode,
                $"{effect.Extension}'s initialisation (imported {string.Join(" -> ", effect.ImportChain)}) changed the process: {changes}")
            {
                Extension = effect.Extension,
                CpythonIssues = effect.CpythonIssues.Count == 0 ? null : effect.CpythonIssues,
            });
        }
        foreach (var effect in report.CodeEffects)
        {
            findings.Add(new Finding(effect.Modules[0], FindingKinds.Effect, effect.Origin, effect.Title)
            {
                Site = effect.Key,
                Repeated = effect.Identical,
                CpythonIssues = effect.CpythonIssues.Count == 0 ? null : effect.CpythonIssues,
            });
        }
        return findings;
    }
}
