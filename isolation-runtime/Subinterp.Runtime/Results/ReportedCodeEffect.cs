namespace Subinterp.Runtime.Results;

/// <summary>
/// One code effect as the run reports it: once, at its file and line, with every module whose
/// interpreter made it. <see cref="Identical"/> when it ran at import and every interpreter set the
/// same value: each interpreter that imports the code makes the change itself, so nothing carries
/// from one module into another (a conftest.py that sets os.environ["MYPYPATH"]).
/// </summary>
/// <param name="Origin">test-code, stdlib (the stdlib alone made it), or cpython (a known defect of CPython's own code).</param>
/// <param name="Changes">The distinct changes the modules' windows saw (each module's own text: descriptor numbers differ).</param>
/// <param name="Values">The distinct values the interpreters set.</param>
/// <param name="Function">The function the line is in (null at a module's top level).</param>
public sealed record ReportedCodeEffect(string Where, string Kind, string Touch, string Origin, bool AtImport, bool Identical,
    IReadOnlyList<string> Values, IReadOnlyList<LeakFinding> Changes, IReadOnlyList<string> Modules, string? Explanation, IReadOnlyList<string> CpythonIssues,
    string? Function = null)
{
    /// <summary>Equal for the same site and what it touched (every descriptor a site leaves open is one effect).</summary>
    public string Key => Kind == "fd" ? $"{Where} fd" : $"{Where} {Touch}";

    /// <summary>The effect in one deterministic line: what the code does, and whether every interpreter does it alike.</summary>
    public string Title
    {
        get
        {
            var name = Touch.Contains(':', StringComparison.Ordinal) ? Touch.Split(':', 2)[1] : Touch;
            var value = Values.Count == 1 ? Values[0] : null;
            var what = Kind switch
            {
                "environ" when Values.Count == 0 => $"removes {name} from the environment",
                "environ" => value is null ? $"sets {name} in the environment ({Values.Count} different values)" : $"sets {name}={Leaks.LeakText.Quote(value)} in the environment",
                "cwd" => value is null ? "changes the current directory" : $"changes the current directory to {Leaks.LeakText.Quote(value)}",
                "rlimit" => value is null ? $"sets {name}" : $"sets {name} to {value}",
                "signal" => $"installs a {name} handler",
                "locale" => value is null ? $"sets {name}" : $"sets {name} to {Leaks.LeakText.Quote(value)}",
                _ => $"leaves a descriptor open after the interpreter ended, on {Descriptors()}",
            };
            var when = (Function is { } function ? $" in {function}()" : "") + (AtImport ? " at import" : "");
            var alike = Identical
                ? $"; every interpreter that imports it does the same ({Modules.Count} module{(Modules.Count == 1 ? "" : "s")}), so nothing carries from one module into another"
                : "";
            return $"{Where}{when} {what}{alike}";
        }
    }

    private string Descriptors()
    {
        var targets = Changes.Select(change => Leaks.FileDescriptorState.LeftOpenTarget(change.Detail) ?? change.Detail).Distinct(StringComparer.Ordinal).ToList();
        return targets.All(target => target.EndsWith(" (deleted)", StringComparison.Ordinal)) ? "a file it deleted while open"
            : targets.Count == 1 ? targets[0]
            : $"{targets.Count} files";
    }

    public static List<ReportedCodeEffect> Of(IEnumerable<ModuleResult> modules) =>
    [
        .. modules
            .SelectMany(module => (module.CodeEffects ?? []).Select(effect => (module.Module, Effect: effect)))
            .GroupBy(seen => seen.Effect.Key, StringComparer.Ordinal)
            // Made, but never seen to change anything (the process was that way before the run): nothing to say.
            .Where(group => group.Any(seen => seen.Effect.Change is not null))
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                var first = group.First().Effect;
                var values = group.Select(seen => seen.Effect.Value).Distinct(StringComparer.Ordinal).ToList();
                var atImport = group.All(seen => seen.Effect.Scope == CodeEffect.AtImport);
                var known = KnownCauses.OfSite(first.Where, first.Function);
                var origin = known is not null ? FindingOrigins.Cpython : first.Whose == CodeEffect.Library ? FindingOrigins.Stdlib : FindingOrigins.TestCode;
                return new ReportedCodeEffect(first.Where, first.Kind, first.Touch, origin, atImport,
                    atImport && first.Kind != "fd" && values.Count == 1,
                    [.. values.OfType<string>().Order(StringComparer.Ordinal)],
                    [.. group.Select(seen => seen.Effect.Change).OfType<LeakFinding>().Distinct()],
                    [.. group.Select(seen => seen.Module).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                    known?.Explanation, known?.Issues ?? [], first.Function is { } function && function != "<module>" ? function : null);
            }),
    ];
}
