namespace Subinterp.Runtime.Results;

/// <summary>
/// A process change made while an extension module initialised (its PyInit function or exec slot),
/// while this module ran: the extension's doing, not the module's code. Information on the module;
/// the report lists each extension's effect once (<see cref="ReportedEffect"/>).
/// </summary>
/// <param name="Extension">The extension module whose initialisation made the change.</param>
/// <param name="Origin">Where it lives: <c>stdlib</c>, <c>third-party</c> or <c>test-code</c>.</param>
/// <param name="ImportChain">Who imported whom, outermost first, ending with the extension (doctest → pdb → rlcompleter → readline).</param>
/// <param name="Changes">What changed, as leak kinds and details.</param>
public sealed record ExtensionEffect(string Extension, string Origin, IReadOnlyList<string> ImportChain, IReadOnlyList<LeakFinding> Changes)
{
    public const string Stdlib = "stdlib";
    public const string ThirdParty = "third-party";
    public const string TestCode = "test-code";

    /// <summary>This module's interpreter initialised the extension again, its changes already in place from an earlier one.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Again { get; init; }

    /// <summary>
    /// The test framework imported the extension (pytest imports readline in every session), not
    /// code under test: its effect is the framework's, never a finding.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ByFramework => ImportChain.Count > 1 && FrameworkModules.Contains(ImportChain[0].Split('.')[0]);

    private static readonly HashSet<string> FrameworkModules = new(StringComparer.Ordinal) { "_pytest", "pytest", "pluggy", "unittest", "subinterp_driver" };
}

/// <summary>One extension's effect on the process, as the run reports it: once, with every module it was seen in and what is known about it.</summary>
/// <param name="Explanation">What is known about this effect (a documented CPython behaviour or defect), or null.</param>
/// <param name="CpythonIssues">CPython issues that describe it ("gh-46927").</param>
/// <param name="ByFramework">Only the test framework imported it: the framework's doing, listed for information, never a finding.</param>
public sealed record ReportedEffect(string Extension, string Origin, IReadOnlyList<string> ImportChain, IReadOnlyList<LeakFinding> Changes,
    IReadOnlyList<string> Modules, string? Explanation, IReadOnlyList<string> CpythonIssues, bool ByFramework = false)
{
    public static List<ReportedEffect> Of(IEnumerable<ModuleResult> modules) =>
    [
        .. modules
            .SelectMany(module => (module.ExtensionEffects ?? []).Select(effect => (module.Module, Effect: effect)))
            .GroupBy(seen => seen.Effect.Extension, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                // The chain of the first module by name, not of whichever module's interpreter happened to
                // initialise it first: every run says the same.
                var first = group.OrderBy(seen => seen.Module, StringComparer.Ordinal).First().Effect;
                var known = KnownCauses.Of(group.Key);
                return new ReportedEffect(group.Key, first.Origin, first.ImportChain,
                    [.. group.SelectMany(seen => seen.Effect.Changes).Distinct()],
                    [.. group.Select(seen => seen.Module).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                    known?.Explanation, known?.Issues ?? [], group.All(seen => seen.Effect.ByFramework));
            }),
    ];
}
