namespace Subinterp.Runtime.Protocol;

// What the driver writes from inside the module's interpreter (subinterp_driver/protocol.py has
// the same classes).

public sealed record ModuleStartMessage : DriverEvent
{
    public required string Module { get; init; }

    public required int Pid { get; init; }

    /// <summary>os.sched_getaffinity(0) of the slot thread, or null where it cannot be read.</summary>
    public IReadOnlyList<int>? Cpus { get; init; }

    public required string Engine { get; init; }
}

public sealed record CollectedMessage : DriverEvent
{
    /// <summary>Test ids in run order.</summary>
    public required IReadOnlyList<string> Tests { get; init; }

    /// <summary>Collect-only runs: where each test is, parallel to <see cref="Tests"/>.</summary>
    public IReadOnlyList<TestLocation>? Locations { get; init; }
}

public sealed record TestStartMessage : DriverEvent
{
    public required string Id { get; init; }
}

public sealed record TestEndMessage : DriverEvent
{
    public required string Id { get; init; }

    /// <summary>passed failed error skipped xfail xpass (not-run for a test the module stopped before).</summary>
    public required string Outcome { get; init; }

    public required double DurationMs { get; init; }

    public string? Message { get; init; }

    public string? Traceback { get; init; }

    public string? Stdout { get; init; }

    public string? Stderr { get; init; }

    /// <summary>Relative to the root, '/' separators.</summary>
    public string? File { get; init; }

    public int? Line { get; init; }

    public IReadOnlyList<SubtestMessage>? Subtests { get; init; }

    /// <summary>A failed test whose failure was an exception other than an assertion (the pytest engine): that exception's qualified type name.</summary>
    public string? Raised { get; init; }
}

/// <summary>A message about an extension module this interpreter refused.</summary>
public abstract record RefusalEvent : DriverEvent
{
    public required string Extension { get; init; }

    /// <summary>The ImportError's text.</summary>
    public required string Error { get; init; }
}

/// <summary>An extension this interpreter refused, absorbed or not (on 3.12 the orchestrator answers with a canary).</summary>
public sealed record ExtensionRefusedMessage : RefusalEvent;

/// <summary>A refusal the stdlib or the test framework caught and fell back from (information).</summary>
public sealed record AbsorbedImportMessage : RefusalEvent
{
    /// <summary>The module whose import statement asked for it.</summary>
    public string? ImportedBy { get; init; }
}

/// <summary>A refusal that broke something of the module under test: a finding.</summary>
public sealed record UnsafeImportMessage : RefusalEvent
{
    /// <summary>The module whose import statement asked for it.</summary>
    public string? ImportedBy { get; init; }

    /// <summary>What it broke: "&lt;import&gt;" or a test id; null when nothing yet (sent again for each thing it breaks).</summary>
    public string? Broke { get; init; }
}

public sealed record ModuleErrorMessage : DriverEvent
{
    /// <summary>syntax import collect exit interrupt fixture driver driver-start selection.</summary>
    public required string Kind { get; init; }

    public required string Message { get; init; }

    public string? Traceback { get; init; }
}

public sealed record ModuleEndMessage : DriverEvent
{
    public required double DurationMs { get; init; }
}

/// <summary>The driver's watchdog: the module or a test ran past its limit (the orchestrator then stops the worker).</summary>
public sealed record TimeoutMessage : DriverEvent
{
    /// <summary>"module" (--timeout) or "test" (--test-timeout).</summary>
    public required string Scope { get; init; }

    /// <summary>The limit, in seconds.</summary>
    public required double Limit { get; init; }

    /// <summary>The running test, or null.</summary>
    public string? Id { get; init; }

    /// <summary>The interpreter's Python stacks, most recent call last, or null (see <see cref="Detail"/>).</summary>
    public string? Stacks { get; init; }

    /// <summary>Why there are no stacks.</summary>
    public string? Detail { get; init; }
}

/// <summary>One of the driver's own hooks raised: the test code never saw it, and what the hook watches may be missing (sent once per hook and interpreter).</summary>
public sealed record HookFailedMessage : DriverEvent
{
    /// <summary>Which hook: audit, import refusal, extension loaded, extension init begin, extension init end, event listener, refusal tracing.</summary>
    public required string Hook { get; init; }

    public required string Message { get; init; }

    public string? Traceback { get; init; }
}

/// <summary>
/// One cross-interpreter check on one extension module the run loaded (probe.py, or the worker when
/// no probe interpreter could be made): made, or not and why, so that nobody reports a check as
/// passed that was never made.
/// </summary>
public sealed record CrossCheckMessage : DriverEvent
{
    public required string Extension { get; init; }

    /// <summary>"shared-object" or "carry-over" (Results/CrossCheck).</summary>
    public required string Check { get; init; }

    /// <summary>Why the check was not made; null when it was.</summary>
    public string? NotRun { get; init; }
}
