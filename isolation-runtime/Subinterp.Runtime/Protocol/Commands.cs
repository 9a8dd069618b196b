using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Protocol;

// What the orchestrator sends a worker over its control connection.

/// <summary>
/// The worker's first command: which Python to load and which slots to start. The worker is
/// started before the orchestrator has found Python, so that its own start overlaps the search;
/// it waits for this to load libpython, then answers with hello.
/// </summary>
public sealed record ConfigureMessage : ProtocolMessage
{
    /// <summary>The orchestrator's <see cref="ProtocolMessage.Version"/>: a worker of another version refuses to start.</summary>
    public required int Protocol { get; init; }

    /// <summary>The shared libpython to load.</summary>
    public required string Library { get; init; }

    /// <summary>The installation's executable: the main interpreter is configured as if it were that program.</summary>
    public required string Executable { get; init; }

    /// <summary>The Python version text, which decides the allocator and comes back in hello.</summary>
    public required string Python { get; init; }

    public required int Slots { get; init; }

    /// <summary>Where faulthandler dumps the stacks of a thread that faults; null: it is not enabled.</summary>
    public string? FaultLog { get; init; }

    /// <summary>Extension modules imported in the main interpreter before any slot starts (Orchestration/MainInterpreterPreload).</summary>
    public IReadOnlyList<string>? Preload { get; init; }

    /// <summary>Keep CPython's default allocator (lifecycle checks were calibrated on it) instead of choosing one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool DefaultAllocator { get; init; }

    /// <summary>The core of each slot; null: the cores the worker may run on, in order.</summary>
    public IReadOnlyList<int>? Cores { get; init; }
}

/// <summary>Run one module on an idle worker slot, in a fresh interpreter (or one per lifecycle).</summary>
public sealed record RunMessage : SlotMessage
{
    /// <summary>--repeat-lifecycles: how many fresh interpreters run the module; null for one.</summary>
    public int? Repeat { get; init; }

    /// <summary>What the driver is given, as the orchestrator built it (the interpreter's mode included); the worker forwards it unchanged.</summary>
    public required DriverArguments Driver { get; init; }
}

/// <summary>CPython 3.12: after that module's module-done, a fresh interpreter imports the extensions its interpreter refused (see Orchestration/RefusalCanary).</summary>
public sealed record CanaryMessage : SlotMessage
{
    public required InterpreterMode Mode { get; init; }

    public required IReadOnlyList<string> Extensions { get; init; }
}

public sealed record ShutdownMessage : ProtocolMessage;
