namespace Subinterp.Runtime.Protocol;

// What the orchestrator sends a worker over its control connection.

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
