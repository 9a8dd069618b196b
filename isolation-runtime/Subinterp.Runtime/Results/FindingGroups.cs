namespace Subinterp.Runtime.Results;

/// <summary>
/// A run's module findings grouped by cause (<see cref="FindingCause"/>): one group per refused
/// extension, per leak cause, per pair of modules that crash together, per known CPython defect;
/// most severe first, then the widest. Refusals the stdlib caught (absorbed) are grouped too, as
/// information, with the tests that ran on the fallback.
/// </summary>
public static class FindingGroups
{
    public const string SharedGil = "shared-gil";
    public const string Absorbed = "absorbed";

    public const string Effect = "effect";

    private static readonly string[] Severity = ["crash", "timeout", "error", "unsafe", "leak", Effect, SharedGil, Absorbed];

    private const int EvidenceLines = 12;

    /// <summary>
    /// The groups with the exit policy's judgement of each module's finding (<paramref name="judged"/>,
    /// from <see cref="Findings.Of"/>) attached, and each extension's initialisation effect as a
    /// group of its own: what the report's `findings[]` holds.
    /// </summary>
    public static List<FindingGroup> Judge(RunReport report, IReadOnlyList<Finding> judged)
    {
        string NameOf(Finding finding) => finding.Mode is null ? finding.Module : $"{finding.Module} [{finding.Mode}]";
        var byMember = judged.Where(f => f.Kind != FindingKinds.Effect)
            .GroupBy(f => (NameOf(f), f.Kind, f.Detail))
            .ToDictionary(g => g.Key, g => g.First());
        var groups = new List<FindingGroup>();
        foreach (var group in Of(report))
        {
            var members = group.Members
                .Select(member => byMember.GetValueOrDefault((member.Module, member.Finding.Kind, member.Finding.Title)))
                .OfType<Finding>().Distinct().ToList();
            groups.Add(members.Count == 0 ? group : WithJudgement(group, members));
        }
        var effects = report.ExtensionEffects.ToDictionary(e => e.Extension, StringComparer.Ordinal);
        var codeEffects = report.CodeEffects.ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (var finding in judged.Where(f => f.Kind == FindingKinds.Effect && f.Site is { } site && codeEffects.ContainsKey(site)))
        {
            groups.Add(WithJudgement(CodeEffectGroup(codeEffects[finding.Site!], finding), [finding]));
        }
        foreach (var finding in judged.Where(f => f.Kind == FindingKinds.Effect && f.Extension is not null))
        {
            var extension = finding.Extension!;
            var effect = effects.GetValueOrDefault(extension);
            var modules = effect?.Modules ?? [finding.Module];
            var evidence = effect is null ? null : Lines([
                $"imported {string.Join(" -> ", effect.ImportChain)}",
                .. effect.Changes.Select(change => $"{change.Kind}: {change.Detail}"),
                effect.Explanation ?? "",
            ]);
            var group = new FindingGroup(Effect, new FindingCause($"effect:{extension}", $"{extension}'s initialisation changes the process"), modules, [], evidence,
                [(modules[0], new ModuleFinding(Effect, finding.Detail, evidence))])
            {
                Explanation = effect?.Explanation,
            };
            groups.Add(WithJudgement(group, [finding]));
        }
        return [.. groups
            .OrderBy(group => Array.IndexOf(Severity, group.Kind))
            .ThenByDescending(group => group.Modules.Count)
            .ThenBy(group => group.Cause.Title, StringComparer.Ordinal)];
    }

    /// <summary>A code effect: said once at its site, with every module whose interpreter made it and what each window saw.</summary>
    private static FindingGroup CodeEffectGroup(ReportedCodeEffect effect, Finding finding)
    {
        var changes = effect.Changes.Select(change => $"{change.Kind}: {change.Detail}").ToList();
        var evidence = Lines([
            .. changes.Take(EvidenceLines), .. changes.Count > EvidenceLines ? [$"... ({changes.Count} in all)"] : Array.Empty<string>(),
            $"made in the interpreters of {Few(effect.Modules)}",
            effect.Explanation ?? "",
        ]);
        return new FindingGroup(Effect, new FindingCause($"code-effect:{effect.Key}", $"{effect.Where} changes the process"), effect.Modules, [], evidence,
            [(effect.Modules[0], new ModuleFinding(Effect, finding.Detail, evidence))])
        {
            Explanation = effect.Explanation,
        };
    }

    private static FindingGroup WithJudgement(FindingGroup group, List<Finding> members)
    {
        var origins = members.Select(m => m.Origin).Distinct(StringComparer.Ordinal).ToList();
        var issues = members.SelectMany(m => m.CpythonIssues ?? []).Distinct(StringComparer.Ordinal).ToList();
        return group with
        {
            Judged = members,
            // Mixed origins: say the code under test's, the one a user can act on.
            Origin = origins.Count == 1 ? origins[0] : origins.Contains(FindingOrigins.TestCode) ? FindingOrigins.TestCode : origins[0],
            CpythonIssues = issues.Count == 0 ? null : issues,
            Fails = members.Any(m => m.Fails),
            Allowed = members.All(m => m.Allowed is not null) ? members[0].Allowed : null,
        };
    }

    public static IReadOnlyList<FindingGroup> Of(RunReport report)
    {
        var both = report.Mode == Orchestration.RunPlan.BothModes;
        string NameOf(ModuleResult module) => both ? $"{module.Module} [{module.Mode.Name()}]" : module.Module;
        var atoms = new List<(ModuleResult Module, ModuleFinding Finding)>();
        foreach (var module in report.Modules)
        {
            atoms.AddRange(ModuleFindings.Of(module).Where(f => f.Cause is not null).Select(f => (module, f)));
            foreach (var absorbed in module.AbsorbedImports ?? [])
            {
                var finding = new ModuleFinding(Absorbed, $"{absorbed.ImportedBy ?? "the stdlib"} caught the refusal of {absorbed.Module} and fell back", absorbed.Error)
                {
                    Cause = FindingCause.Absorbed(absorbed.Module),
                };
                atoms.Add((module, finding));
            }
        }
        return atoms
            .GroupBy(atom => (atom.Finding.Kind, atom.Finding.Cause!.Key))
            .Select(group => Group(group.ToList(), NameOf))
            .OrderBy(group => Array.IndexOf(Severity, group.Kind))
            .ThenByDescending(group => group.Modules.Count)
            .ThenBy(group => group.Cause.Title, StringComparer.Ordinal)
            .ToList();
    }

    private static FindingGroup Group(List<(ModuleResult Module, ModuleFinding Finding)> atoms, Func<ModuleResult, string> nameOf)
    {
        var first = atoms[0].Finding;
        var modules = atoms.Select(atom => nameOf(atom.Module)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var members = atoms.Select(atom => (nameOf(atom.Module), atom.Finding)).ToList();
        var tests = new List<string>();
        FallbackRun? fallback = null;
        string? evidence;
        switch (first.Kind)
        {
            case "unsafe":
                var refusals = atoms.SelectMany(atom => atom.Module.UnsafeImports.Where(u => FindingCause.Unsafe(u.Module).Key == first.Cause!.Key).Select(u => (atom.Module, Import: u))).ToList();
                tests.AddRange(refusals.SelectMany(r => r.Import.Broke).Where(b => b != UnsafeImport.ModuleImport).Distinct(StringComparer.Ordinal));
                fallback = Fallback(refusals.Where(r => !r.Import.Broke.Contains(UnsafeImport.ModuleImport)).Select(r => (r.Module, (IReadOnlyCollection<string>)r.Import.Broke)));
                evidence = UnsafeEvidence(refusals, nameOf);
                break;
            case Absorbed:
                fallback = Fallback(atoms.Select(atom => (atom.Module, (IReadOnlyCollection<string>)[])));
                evidence = Lines([first.Evidence ?? "", .. Distinct(atoms.Select(a => a.Finding.Title)).Select(t => "· " + t)]);
                break;
            case "crash" or "timeout":
                tests.AddRange(atoms.Select(atom => atom.Finding.Test).OfType<string>().Distinct(StringComparer.Ordinal));
                evidence = atoms.Count == 1 ? first.Evidence
                    : string.Join("\n\n", atoms.Select(atom => $"{nameOf(atom.Module)}: {atom.Finding.Title}{(atom.Finding.Evidence is { } e ? "\n" + e : "")}"));
                break;
            default:
                // Leaks, errors, shared-GIL loads: what each module showed, once per distinct text.
                var details = Distinct(atoms.Select(atom => atom.Finding.Title)).ToList();
                evidence = atoms.Count == 1 ? first.Evidence : Lines([.. details.Take(EvidenceLines), .. details.Count > EvidenceLines ? [$"... ({details.Count} in all)"] : Array.Empty<string>()]);
                evidence = first.Evidence is { } own && atoms.Count > 1 ? $"{evidence}\n\n{own}" : evidence;
                break;
        }
        return new FindingGroup(first.Kind, first.Cause!, modules, tests, evidence, members) { Fallback = fallback };
    }

    /// <summary>The refusal once, who imported the extension, and what broke in which module.</summary>
    private static string UnsafeEvidence(List<(ModuleResult Module, UnsafeImport Import)> refusals, Func<ModuleResult, string> nameOf)
    {
        var lines = new List<string> { refusals[0].Import.Error.TrimEnd() };
        var importers = refusals.GroupBy(r => r.Import.ImportedBy ?? "?", StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} (in {g.Count()} modules)");
        lines.Add($"imported by: {string.Join(", ", importers)}");
        var brokenImports = refusals.Where(r => r.Import.Broke.Contains(UnsafeImport.ModuleImport)).Select(r => nameOf(r.Module)).ToList();
        if (brokenImports.Count > 0)
        {
            lines.Add($"broke the import of: {Few(brokenImports)}");
        }
        var brokenTests = refusals.SelectMany(r => r.Import.Broke).Where(b => b != UnsafeImport.ModuleImport).Distinct(StringComparer.Ordinal).ToList();
        if (brokenTests.Count > 0)
        {
            lines.Add($"broke the tests: {Few(brokenTests)}");
        }
        return string.Join("\n", lines);
    }

    /// <summary>Tests that ran (neither skipped nor not-run), less those the refusal broke, in modules whose import survived it.</summary>
    private static FallbackRun? Fallback(IEnumerable<(ModuleResult Module, IReadOnlyCollection<string> Broke)> survived)
    {
        var list = survived.ToList();
        if (list.Count == 0)
        {
            return null;
        }
        var tests = list.Sum(entry => entry.Module.Tests.Count(test => test.Outcome is not (TestOutcome.NotRun or TestOutcome.Skipped) && !entry.Broke.Contains(test.Id)));
        return new FallbackRun(list.Select(entry => entry.Module).Distinct().Count(), tests);
    }

    private static IEnumerable<string> Distinct(IEnumerable<string> texts) => texts.Distinct(StringComparer.Ordinal);

    private static string Lines(IEnumerable<string> lines) => string.Join("\n", lines.Where(line => line.Length > 0));

    private static string Few(IReadOnlyList<string> names) =>
        names.Count <= 10 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(10))} and {names.Count - 10} more";
}
