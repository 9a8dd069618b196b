using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Protocol;

// What the worker itself writes: hello on its control connection, the rest into a slot's event
// channel, where the driver writes too, so that they arrive in order.

public sealed record HelloMessage : ProtocolMessage
{
    /// <summary>The worker's <see cref="ProtocolMessage.Version"/>.</summary>
    public required int Protocol { get; init; }

    public required int Pid { get; init; }

    public required int Slots { get; init; }

    /// <summary>The Python version text.</summary>
    public required string Python { get; init; }

    /// <summary>The core of each slot.</summary>
    public required IReadOnlyList<int> Cpus { get; init; }
}

/// <summary>The first line of a slot's event channel.</summary>
public sealed record ChannelMessage : ProtocolMessage
{
    public required int Slot { get; init; }
}

public sealed record InterpCreatedMessage : SlotMessage
{
    /// <summary>The interpreter's id.</summary>
    public required long Interp { get; init; }

    /// <summary>The core the slot is pinned to.</summary>
    public required int Cpu { get; init; }

    public required double CreateMs { get; init; }

    /// <summary>--repeat-lifecycles: 1.. for the lifecycles after the first; null for the first.</summary>
    public int? Lifecycle { get; init; }

    /// <summary>The slot thread's kernel thread id: the orchestrator sends it SIGABRT for a faulthandler dump of a stuck interpreter.</summary>
    public required int Tid { get; init; }
}

public sealed record InterpFailedMessage : SlotMessage
{
    public required string Message { get; init; }
}

/// <summary>The driver returned; Py_EndInterpreter starts (a death from now on happened ending it).</summary>
public sealed record InterpEndingMessage : SlotMessage;

public sealed record ModuleDoneMessage : SlotMessage
{
    /// <summary>Milliseconds ending the interpreter took.</summary>
    public double? EndMs { get; init; }

    /// <summary>"ok", or what went wrong running the driver.</summary>
    public required string DriverExit { get; init; }

    /// <summary>Other threads of the interpreter were still running: it was left running, not ended, and the worker must be replaced.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Abandoned { get; init; }

    /// <summary>With <see cref="Abandoned"/>: how many threads, and why.</summary>
    public string? Message { get; init; }

    /// <summary>Process changes held until the neighbours that were running have ended (or until a thread that was ending is looked at again); a leaks-settled for this run follows.</summary>
    public IReadOnlyList<ProtocolLeak>? PendingLeaks { get; init; }

    /// <summary>Where the module's time on its slot went; null when the slot did not measure it.</summary>
    public ProtocolTiming? Timing { get; init; }
}

public sealed record CanaryDoneMessage : SlotMessage
{
    /// <summary>"ok", or why the canary's interpreter could not be created.</summary>
    public required string Message { get; init; }
}

/// <summary>
/// A process change attributed to this run: by the worker (around the module's interpreter), by
/// the driver (threads left running) or by the probe interpreter (shared-object, carry-over).
/// </summary>
public sealed record LeakMessage : DriverEvent
{
    /// <summary>The leak kind (Leaks/LeakKinds).</summary>
    public required string Kind { get; init; }

    public required string Detail { get; init; }

    /// <summary>A neighbour saw the same change appear and it stayed: only a run alone can tell whose it is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Contested { get; init; }
}

/// <summary>
/// The verdict on a finished run's held changes, once the neighbours it ran beside have ended or a
/// thread that was ending has been looked at again: from the slot that closed the last window it
/// waited for, or from the worker's background settler on the control connection.
/// </summary>
public sealed record LeaksSettledMessage : SlotMessage
{
    /// <summary>Held changes that are its own.</summary>
    public required IReadOnlyList<ProtocolLeak> Leaks { get; init; }

    /// <summary>Held changes a neighbour saw appear too.</summary>
    public required IReadOnlyList<ProtocolLeak> ContestedLeaks { get; init; }

    /// <summary>Held changes that turned out to be other code under test's effects (a conftest.py, a helper), at their line.</summary>
    public IReadOnlyList<ProtocolCodeEffect>? CodeEffects { get; init; }
}

/// <summary>Changes made in the run's interpreter by code under test other than the module, at a file and line: that code's effects, never the module's leaks.</summary>
public sealed record CodeEffectsMessage : SlotMessage
{
    public required IReadOnlyList<ProtocolCodeEffect> CodeEffects { get; init; }
}

/// <summary>What an extension module's initialisation changed in the process: the extension's effect, never the module's leak.</summary>
public sealed record ExtensionEffectMessage : SlotMessage
{
    public required string Extension { get; init; }

    /// <summary>"stdlib", "third-party" or "test-code".</summary>
    public required string Origin { get; init; }

    /// <summary>The import chain, outermost first, ending with the extension.</summary>
    public required IReadOnlyList<string> Chain { get; init; }

    public required IReadOnlyList<ProtocolLeak> Changes { get; init; }

    /// <summary>A later initialisation made the changes again (they were in place already, from an earlier one).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Again { get; init; }
}

/// <summary>Legacy mode: an extension that loaded only because the GIL is shared.</summary>
public sealed record SharedGilImportMessage : SlotMessage
{
    public required string Extension { get; init; }

    /// <summary>Why an own-GIL interpreter refuses it, from its PyModuleDef.</summary>
    public required string Reason { get; init; }

    public string? ImportedBy { get; init; }
}

/// <summary>What an extension or built-in module the run loaded declares in its PyModuleDef.</summary>
public sealed record ExtensionDeclaredMessage : SlotMessage
{
    public required string Extension { get; init; }

    /// <summary>"single-phase" or "multi-phase".</summary>
    public required string Init { get; init; }

    /// <summary>Its Py_mod_multiple_interpreters slot value; null when absent.</summary>
    public long? MultipleInterpreters { get; init; }

    /// <summary>Its Py_mod_gil slot value; null when absent.</summary>
    public long? Gil { get; init; }
}

/// <summary>--repeat-lifecycles: the process after one lifecycle of the module.</summary>
public sealed record LifecycleMessage : SlotMessage
{
    /// <summary>0 .. repeat-1.</summary>
    public required int Lifecycle { get; init; }

    public required long RssBytes { get; init; }

    /// <summary>malloc's bytes in use, or null where it cannot be read.</summary>
    public long? HeapBytes { get; init; }

    public required int Fds { get; init; }

    public required int Threads { get; init; }

    /// <summary>An empty interpreter's growth per lifecycle.</summary>
    public long? BaselineHeapBytes { get; init; }

    public required long BaselineRssBytes { get; init; }
}
