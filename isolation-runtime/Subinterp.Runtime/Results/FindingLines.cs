namespace Subinterp.Runtime.Results;

/// <summary>
/// A finding group as plain text lines, for the console summary and the JUnit findings: a cause of
/// one module in that module's words (one line per finding), a cause of several as a headline
/// naming the modules, then its evidence in brief and what ran on a fallback.
/// </summary>
public static class FindingLines
{
    private const string Indent = "          ";
    private const int ModulesShown = 8;

    public static IEnumerable<string> Of(FindingGroup group)
    {
        if (group.Kind == FindingGroups.Effect && group.Cause.Key.StartsWith("code-effect:", StringComparison.Ordinal))
        {
            // Said once at its line, whichever module's window saw it: the modules whose interpreters made it.
            yield return $"{"EFFECT",-9} {group.Members[0].Finding.Title} ({Modules(group.Modules)})";
            yield break;
        }
        if (group.Kind == FindingGroups.Effect)
        {
            // Said once, whoever imported it: the extension's chain and changes, where it was first seen.
            var issues = group.CpythonIssues is { Count: > 0 } known ? $" (CPython {string.Join(", ", known)})" : "";
            var also = group.Modules.Count > 1 ? $" (and {Count(group.Modules.Count - 1, "more module")})" : "";
            yield return $"{"EFFECT",-9} {group.Members[0].Finding.Title}{issues}; first seen in {group.Modules[0]}{also}";
            yield break;
        }
        if (group.Modules.Count == 1 && group.Kind != FindingGroups.Absorbed)
        {
            foreach (var (module, finding) in group.Members)
            {
                yield return finding.Line(module);
            }
            if (group.Fallback is { } own)
            {
                yield return Indent + Fallback(own);
            }
            yield break;
        }
        yield return $"{group.Label,-9} {group.Cause.Title}: {Modules(group.Modules)}";
        foreach (var line in Brief(group))
        {
            yield return Indent + line;
        }
        if (group.Fallback is { } fallback)
        {
            yield return Indent + Fallback(fallback);
        }
    }

    /// <summary>The lines, then the evidence they do not already say (a refusal's error, a traceback, the stacks).</summary>
    public static string Text(FindingGroup group)
    {
        var lines = string.Join("\n", Of(group));
        var evidence = group.Kind == "unsafe" ? group.Evidence?.Split('\n')[0] : group.Evidence;
        return string.IsNullOrWhiteSpace(evidence) ? lines : $"{lines}\n\n{evidence}";
    }

    /// <summary>Said after a finding that does not fail the run: allowed, or not among the --fail-on origins and kinds; empty otherwise.</summary>
    public static string Status(FindingGroup group) => group switch
    {
        { Judged.Count: 0 } or { Fails: true } => "",
        { Allowed: { } reason } => $"  [allowed: {reason}]",
        _ when group.Judged.All(finding => finding.Repeated) => "  [made alike by every interpreter that ran it: does not fail the run]",
        _ => $"  [{group.Origin}: does not fail the run]",
    };

    /// <summary>"the import was caught in 30 modules: 412 tests ran on the fallback, without the extension".</summary>
    public static string Fallback(FallbackRun fallback) =>
        $"the import was caught in {Count(fallback.Modules, "module")}: {Count(fallback.Tests, "test")} ran on the fallback, without the extension";

    /// <summary>"in 3 modules: a, b, c" (the first few when there are many).</summary>
    public static string Modules(IReadOnlyList<string> modules) =>
        $"in {Count(modules.Count, "module")}: {string.Join(", ", modules.Take(ModulesShown))}{(modules.Count > ModulesShown ? $" and {modules.Count - ModulesShown} more" : "")}";

    private static IEnumerable<string> Brief(FindingGroup group)
    {
        switch (group.Kind)
        {
            case "crash" or "timeout":
                // Each module's own sentence: a pair's two crashes, or each module a known defect brought down.
                foreach (var (module, finding) in group.Members.Take(ModulesShown))
                {
                    yield return finding.Sentence(module);
                }
                break;
            case "unsafe":
                // The error is the same everywhere; who imported it and what broke tell the story.
                foreach (var line in (group.Evidence ?? "").Split('\n').Skip(1))
                {
                    yield return line;
                }
                break;
            default:
                // What each module showed, unless the cause's title already says it all.
                var titles = group.Members.Select(member => member.Finding.Title).Distinct(StringComparer.Ordinal).Where(t => t != group.Cause.Title).ToList();
                foreach (var title in titles.Take(3))
                {
                    yield return title;
                }
                if (titles.Count > 3)
                {
                    yield return $"... ({titles.Count} different in all)";
                }
                break;
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
