using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Results;

/// <summary>
/// The findings of a run that have one cause, said once: the cause, its evidence, and the modules
/// and tests it affected. Built by <see cref="FindingGroups"/>.
/// </summary>
/// <param name="Kind">crash, timeout, error, unsafe, leak, effect (an extension's initialisation); shared-gil and absorbed are information.</param>
/// <param name="Modules">The affected modules, sorted ("name [mode]" when a run has both modes).</param>
/// <param name="Tests">Tests it broke or was in (a crash's test, the tests a refused import broke).</param>
/// <param name="Evidence">What shows it: the refusal's error and who imported it, a traceback, the changes seen.</param>
/// <param name="Members">Each module's own finding, in the words of <see cref="ModuleFindings"/>.</param>
/// <remarks>The JSON report's `findings[]` is these groups (docs/reports.md).</remarks>
public sealed record FindingGroup(string Kind, FindingCause Cause, IReadOnlyList<string> Modules, IReadOnlyList<string> Tests, string? Evidence,
    [property: JsonIgnore] IReadOnlyList<(string Module, ModuleFinding Finding)> Members)
{
    /// <summary>Whose doing it is (<see cref="FindingOrigins"/>); null for errors and information, which the exit policy does not judge.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Origin { get; init; }

    /// <summary>CPython issues that explain it, when it is a known CPython behaviour or defect.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? CpythonIssues { get; init; }

    /// <summary>What is known about it (a documented CPython behaviour), or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Explanation { get; init; }

    /// <summary>The allow-list's reason when every module's finding of this cause is allowed ([tool.subinterp] allow), or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Allowed { get; init; }

    /// <summary>Whether it makes the run fail (exit code 3) under --fail-on and the allow-list.</summary>
    public bool Fails { get; init; }

    /// <summary>Each module's finding of this cause as the exit policy judged it (origin, allowed, fails).</summary>
    [JsonPropertyName("members")]
    public IReadOnlyList<Finding> Judged { get; init; } = [];

    /// <summary>Where a refused import was caught and a fallback ran instead: in how many modules, and how many tests ran on it.</summary>
    public FallbackRun? Fallback { get; init; }

    /// <summary>Said for information (an extension that needs a shared GIL, a refusal the stdlib absorbed); never a failure.</summary>
    [JsonPropertyName("information")]
    public bool IsInformation => Kind is FindingGroups.SharedGil or FindingGroups.Absorbed;

    /// <summary>The console's label: CRASHED, UNSAFE, ... ABSORBED.</summary>
    [JsonIgnore]
    public string Label => Kind == FindingGroups.Absorbed ? "ABSORBED" : Members[0].Finding.Label;

    /// <summary>"UNSAFE _unsafe_counter is refused in an isolated subinterpreter (2 modules)", "CRASHED test_x crashes the interpreter".</summary>
    [JsonIgnore]
    public string Headline => $"{Label} {Cause.Title}" + (Modules.Count > 1 ? $" ({Modules.Count} modules)"
        : Cause.Title.Contains(Members[0].Module, StringComparison.Ordinal) ? "" : $" ({Modules[0]})");
}

/// <param name="Modules">Modules whose tests ran on the fallback (the refusal did not stop their import).</param>
/// <param name="Tests">Tests that ran there (not skipped), on the fallback, and were not broken by it.</param>
public sealed record FallbackRun(int Modules, int Tests);
