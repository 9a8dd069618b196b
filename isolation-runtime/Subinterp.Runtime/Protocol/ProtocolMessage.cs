using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Protocol;

/// <summary>
/// Every message of the worker protocol (see PROTOCOL.md) in one flat shape: a message sets the
/// fields its type needs and leaves the others null, which keeps the wire format one JSON object a line.
/// </summary>
public sealed class ProtocolMessage
{
    public const int Version = 1;

    public string Type { get; set; } = "";
    public int? Slot { get; set; }
    public int? Seq { get; set; }
    public double? T { get; set; }

    // hello
    public int? Protocol { get; set; }
    public int? Pid { get; set; }
    public int? Slots { get; set; }
    public string? Python { get; set; }
    public List<int>? Cpus { get; set; }

    // run
    public string? Module { get; set; }
    public string? Path { get; set; }
    public string? Root { get; set; }
    public string? Engine { get; set; }
    public string? Mode { get; set; }
    public int? OutputLimit { get; set; }
    public double? TestTimeout { get; set; }
    public double? ModuleTimeout { get; set; }
    public double? ThreadJoinTimeout { get; set; }

    /// <summary>run: the test ids to run (null: every test of the module).</summary>
    public List<string>? Select { get; set; }

    /// <summary>run: collect and report the tests with their locations, run none, check nothing.</summary>
    public bool? CollectOnly { get; set; }

    /// <summary>run: the discovery pattern, handed to a module's load_tests.</summary>
    public string? Pattern { get; set; }

    /// <summary>Only in the driver's arguments: the slot's event channel descriptor.</summary>
    public int? Fd { get; set; }

    /// <summary>Only in the driver's arguments: the worker's private folder for pytest's rewritten test modules.</summary>
    public string? PycachePrefix { get; set; }

    // interp-created / module-done
    public long? Interp { get; set; }
    public int? Cpu { get; set; }
    public double? CreateMs { get; set; }
    public double? EndMs { get; set; }
    public string? DriverExit { get; set; }

    /// <summary>interp-created: the slot thread's kernel thread id, so it can be signalled.</summary>
    public int? Tid { get; set; }

    /// <summary>module-done: the interpreter was left running instead of ended.</summary>
    public bool? Abandoned { get; set; }

    /// <summary>module-done: where the module's time on its slot went (see Hosting/SlotTiming).</summary>
    public ProtocolTiming? Timing { get; set; }

    // canary
    public List<string>? Imports { get; set; }

    // timeout / leak
    public double? Limit { get; set; }
    public string? Stacks { get; set; }
    public string? Detail { get; set; }

    // driver events
    public List<string>? Tests { get; set; }

    /// <summary>collected, in collect-only runs: where each test is, parallel to <see cref="Tests"/>.</summary>
    public List<TestLocation>? Locations { get; set; }
    public string? Id { get; set; }
    public string? Outcome { get; set; }
    public double? DurationMs { get; set; }
    public string? Message { get; set; }
    public string? Traceback { get; set; }
    public string? Stdout { get; set; }
    public string? Stderr { get; set; }
    public string? File { get; set; }
    public int? Line { get; set; }
    public List<SubtestMessage>? Subtests { get; set; }
    public string? Kind { get; set; }
    public string? Error { get; set; }

    // leaks and extension modules (unsafe-import, absorbed-import, shared-gil-import, leak)
    public string? ImportedBy { get; set; }
    public string? Broke { get; set; }

    /// <summary>leak: a neighbour saw the same change appear and it stayed; only a run alone can tell whose it is.</summary>
    public bool? Contested { get; set; }

    /// <summary>module-done: changes held until the neighbours that were running have ended (a leaks-settled follows).</summary>
    public List<ProtocolLeak>? PendingLeaks { get; set; }

    /// <summary>leaks-settled: the held changes that are the module's; extension-effect: what the initialisation changed.</summary>
    public List<ProtocolLeak>? Leaks { get; set; }

    /// <summary>leaks-settled: the held changes a neighbour also saw appear.</summary>
    public List<ProtocolLeak>? ContestedLeaks { get; set; }

    /// <summary>extension-effect: the import chain, outermost first, ending with the extension.</summary>
    public List<string>? Chain { get; set; }

    /// <summary>extension-effect: where the extension lives: stdlib, third-party or test-code.</summary>
    public string? Origin { get; set; }

    /// <summary>extension-effect: a later initialisation made it again (the changes were in place already, from an earlier one).</summary>
    public bool? Again { get; set; }

    /// <summary>code-effects, leaks-settled: changes made by code under test other than the module, at a file and line.</summary>
    public List<ProtocolCodeEffect>? CodeEffects { get; set; }
    // extension-declared: the PyModuleDef's Py_mod_multiple_interpreters and Py_mod_gil slot values (kind: its init)
    public long? MultipleInterpreters { get; set; }
    public long? Gil { get; set; }

    // --repeat-lifecycles: run.repeat, interp-created.lifecycle, lifecycle samples
    public int? Repeat { get; set; }
    public int? Lifecycle { get; set; }
    public long? RssBytes { get; set; }
    public long? HeapBytes { get; set; }
    public int? Fds { get; set; }
    public int? Threads { get; set; }
    public long? BaselineHeapBytes { get; set; }
    public long? BaselineRssBytes { get; set; }
}

public sealed class ProtocolLeak
{
    public string? Kind { get; set; }
    public string? Detail { get; set; }
}

/// <summary>
/// A change made by code under test other than the module (a conftest.py, a helper, a package's
/// import): the touch, whose code and where (file:line), at import or in a call, the value set
/// (null: removed), and the change it made when the module's window saw one (kind and detail; null
/// when the process was that way already).
/// </summary>
public sealed class ProtocolCodeEffect
{
    public string? Touch { get; set; }
    public string? Whose { get; set; }
    public string? Where { get; set; }
    public string? Scope { get; set; }
    public string? Value { get; set; }
    public string? Function { get; set; }
    public string? Kind { get; set; }
    public string? Detail { get; set; }
}

/// <summary>
/// module-done: where a module's time on its slot went, in milliseconds: waited (the slot idle
/// before the module arrived), open and close (reads of the process around it, and the verdicts),
/// run (the driver, with hooks: the worker's reads around extension initialisations and its audit
/// notes), threads (the grace for other threads to end), probe (the cross-interpreter probe); and
/// when it started and was done, in seconds on the monotonic clock.
/// </summary>
public sealed class ProtocolTiming
{
    public double? StartedAt { get; set; }
    public double? DoneAt { get; set; }
    public double? WaitedMs { get; set; }
    public double? OpenMs { get; set; }
    public double? RunMs { get; set; }
    public double? HooksMs { get; set; }
    public double? ThreadsMs { get; set; }
    public double? ProbeMs { get; set; }
    public double? CloseMs { get; set; }
}

public sealed class TestLocation
{
    public string? File { get; set; }
    public int? Line { get; set; }
}

public sealed class SubtestMessage
{
    public string? Description { get; set; }
    public string? Outcome { get; set; }
    public string? Message { get; set; }
    public string? Traceback { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProtocolMessage))]
[JsonSerializable(typeof(string))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
