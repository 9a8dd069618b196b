using System.Text.Json.Serialization;
using Subinterp.Runtime.Leaks;

namespace Subinterp.Runtime.Results;

/// <summary>
/// A module's result. Folded from its run's events until it is published (see
/// Orchestration/ResultLifecycle); never changed after that: a copy (<c>with</c>) carries anything
/// that comes later, such as the report's plain-process comparison.
/// </summary>
public sealed record ModuleResult
{
    public required string Module { get; init; }

    /// <summary>The module's file relative to its root, with '/' separators.</summary>
    public required string Path { get; init; }

    public required InterpreterMode Mode { get; init; }
    public Verdict Verdict { get; set; }
    public double DurationMs { get; set; }
    public CrashInfo? Crash { get; set; }
    public TimeoutInfo? Timeout { get; set; }
    public ModuleError? Error { get; set; }
    public List<UnsafeImport> UnsafeImports { get; init; } = [];
    public List<LeakFinding> Leaks { get; init; } = [];
    public List<TestResult> Tests { get; init; } = [];
    public InterpreterInfo? Interpreter { get; set; }

    /// <summary>Legacy mode: extension modules that loaded only because the GIL is shared (an isolated interpreter refuses them). Information.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<SharedGilImport>? SharedGilImports { get; set; }

    /// <summary>Refusals the stdlib or the test framework caught and fell back from, while code under test ran. Information.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<AbsorbedImport>? AbsorbedImports { get; set; }

    /// <summary>Process changes extension modules made as they initialised while this module ran: theirs, not the module's. Information.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ExtensionEffect>? ExtensionEffects { get; set; }

    /// <summary>Process changes made in this module's interpreter by other code under test (a conftest.py, a helper, a package's import): that code's, not the module's. Information.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<CodeEffect>? CodeEffects { get; set; }

    /// <summary>--compare-process: how the module's failures did in a plain process; set only on the report's copy (<see cref="WithComparison"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProcessComparison? Comparison { get; init; }

    /// <summary>--repeat-lifecycles: the process after each lifecycle, and what an empty interpreter costs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<LifecycleSample>? Lifecycles { get; set; }

    /// <summary>
    /// What the extension and built-in modules this module loaded declare in their PyModuleDef, for
    /// in-process readers (the compatibility matrix). Not written to the JSON report: it would list
    /// what the framework loaded too, for every module.
    /// </summary>
    [JsonIgnore]
    public List<ExtensionDeclaration>? Declarations { get; set; }

    /// <summary>
    /// Which cross-interpreter checks ran on each extension module this module loaded, and why one
    /// did not, for in-process readers (the compatibility matrix, which must not claim a check it
    /// did not make). Not written to the JSON report.
    /// </summary>
    [JsonIgnore]
    public List<CrossCheck>? CrossChecks { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LifecycleBaseline? LifecycleBaseline { get; set; }

    /// <summary>A copy that shows the comparison on the module and on each test it labels.</summary>
    public ModuleResult WithComparison(ProcessComparison comparison) => this with
    {
        Comparison = comparison,
        Tests = [.. Tests.Select(test => comparison.Tests.TryGetValue(test.Id, out var label) ? test with { Comparison = label } : test)],
    };
}

public sealed record CrashInfo(string? Signal, int ExitCode, string? Test, string? Traceback, string? StderrTail, string Reason)
{
    /// <summary>The modules this one crashed beside, when it crashed only with them (alone it did not): one cause, the pair.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Alongside { get; init; }
}

/// <param name="Kind">"module" (--timeout) or "test" (--test-timeout).</param>
public sealed record TimeoutInfo(double LimitSeconds, string? Test, string? Stacks, string? Kind = null);

public sealed record ModuleError(string Kind, string Message, string? Traceback);

/// <summary>An extension module this module's code imported and the interpreter refused.</summary>
/// <param name="Module">The refused extension module.</param>
/// <param name="Error">The ImportError's text.</param>
public sealed record UnsafeImport(string Module, string Error)
{
    /// <summary>The module whose import statement asked for it.</summary>
    public string? ImportedBy { get; init; }

    /// <summary>What failed because of it: <see cref="ModuleImport"/> or test ids.</summary>
    public List<string> Broke { get; init; } = [];

    public const string ModuleImport = "<import>";
}

/// <summary>A refusal that code outside the module under test (stdlib, test framework) caught and fell back from.</summary>
public sealed record AbsorbedImport(string Module, string Error, string? ImportedBy);

/// <summary>An extension module a legacy (shared-GIL) interpreter loaded that an isolated one refuses, and why.</summary>
public sealed record SharedGilImport(string Module, string Reason, string? ImportedBy);

public sealed record LeakFinding(string Kind, string Detail);

/// <summary>Where and how the module ran: proof that it had its own interpreter on its own core.</summary>
public sealed class InterpreterInfo
{
    public long Id { get; init; }
    public int Slot { get; init; }
    public int Cpu { get; init; }
    public int WorkerPid { get; init; }
    public double CreateMs { get; init; }
    public double? EndMs { get; set; }
    public List<int>? Affinity { get; set; }
    public double? Start { get; set; }
    public double? End { get; set; }

    /// <summary>Where the module's time on its slot went (null when the worker did not say: it died first).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SlotPhases? Phases { get; set; }
}

/// <summary>One cross-interpreter check on one extension module: made, or not and why.</summary>
/// <param name="Check"><see cref="SharedObject"/> (objects that are the same in two live interpreters) or <see cref="CarryOver"/> (state a new interpreter inherits).</param>
/// <param name="NotRun">Why the check was not made; null when it was.</param>
public sealed record CrossCheck(string Module, string Check, string? NotRun)
{
    public const string SharedObject = "shared-object";
    public const string CarryOver = "carry-over";
}

/// <summary>What an extension module the module loaded declares in its PyModuleDef (read by the worker while it is loaded).</summary>
/// <param name="Init">"single-phase" (PyModule_Create) or "multi-phase" (PEP 489 slots).</param>
/// <param name="MultipleInterpreters">The Py_mod_multiple_interpreters slot's value (0 not supported, 1 supported, 2 per-interpreter GIL supported), or null when absent.</param>
/// <param name="Gil">The Py_mod_gil slot's value (3.13+: 0 used, 1 not used), or null when absent.</param>
public sealed record ExtensionDeclaration(string Module, string Init, long? MultipleInterpreters, long? Gil);
