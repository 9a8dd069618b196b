using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Results;

/// <summary>
/// The answer to "is it the subinterpreter, or does it fail anyway?" for one module that failed,
/// errored, crashed, timed out or was unsafe: how the same module (or just its failing tests) did
/// in a plain process of the same Python with the same engine.
/// </summary>
public sealed class ProcessComparison
{
    public const string SubinterpreterOnly = "subinterpreter-only";
    public const string AlsoInProcess = "also-in-process";
    public const string Mixed = "mixed";

    /// <summary>The module's verdict in the plain process (of the tests that ran there).</summary>
    public required Verdict Verdict { get; init; }

    /// <summary><see cref="SubinterpreterOnly"/>, <see cref="AlsoInProcess"/> or <see cref="Mixed"/> (some failures each way).</summary>
    public required string Label { get; init; }

    /// <summary>Failing tests (and module-level failures) that passed in the process.</summary>
    public int SubinterpreterOnlyCount { get; init; }

    /// <summary>Failing tests (and module-level failures) that failed in the process too.</summary>
    public int AlsoInProcessCount { get; init; }

    /// <summary>What the module-level problem became in the process, when there was one (an import error, a crash...).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Module { get; init; }

    /// <summary>How the module-level problem (an import error, a crash...) did in the process: one of the labels, or null when there was none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ModuleLabel { get; init; }

    public double DurationMs { get; init; }

    /// <summary>
    /// Each failing test's label (<see cref="SubinterpreterOnly"/> or <see cref="AlsoInProcess"/>) by
    /// test id, when the process answered for it. The report shows it on the test itself
    /// (<see cref="TestResult.Comparison"/>).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Tests { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// True when the module's comparison adds nothing to its findings: its only failure is its
    /// import, broken by a refused extension (the unsafe finding says "broke the import of"), and in
    /// a process it imported. A process never refuses an extension, so that is subinterpreter-only
    /// by definition; saying it again per module would say one cause twice. (The report's copy of
    /// a result carries its comparison: see <see cref="ModuleResult.WithComparison"/>.)
    /// </summary>
    public static bool RepeatsItsFinding(ModuleResult module) =>
        module.Comparison is { Label: SubinterpreterOnly }
        && module.Error is { Kind: "import" }
        && module.UnsafeImports.Any(unsafeImport => unsafeImport.Broke.Contains(UnsafeImport.ModuleImport))
        && !module.Tests.Any(test => VerdictRules.IsFailure(test.Outcome));

    /// <summary>
    /// A module with something to compare: a failing test, a crash, a timeout, a module that could
    /// not be imported (a refused extension that broke the import included). A refusal that broke
    /// nothing is subinterpreter-only by definition (a process never refuses an extension): there
    /// is nothing to run again for it; nor for CPython 3.12's crash after a refusal (gh-117953)
    /// when every test had finished: a process never refuses, so never has that crash.
    /// </summary>
    public static bool Applies(ModuleResult module) =>
        (module.Crash is not null && !KnownCauses.IsRefusalDefect(module.Crash)) || module.Timeout is not null || module.Error is { Kind: not "fixture" and not "not-run" and not "selection" }
        || module.Tests.Any(test => VerdictRules.IsFailure(test.Outcome) && test.Outcome != TestOutcome.NotRun);
}
