using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Protocol;

/// <summary>
/// What the driver runs and how: built once by the orchestrator for a module run (or a plain-process
/// comparison), carried in <see cref="RunMessage.Driver"/>, and handed to the driver exactly as it
/// is (subinterp_driver/protocol.py reads the same fields).
/// </summary>
public sealed record DriverArguments
{
    /// <summary>The module's dotted name.</summary>
    public required string Module { get; init; }

    public required string Path { get; init; }

    /// <summary>The folder put first on sys.path (the top of its package chain).</summary>
    public required string Root { get; init; }

    /// <summary>The interpreter's mode ("isolated" or "legacy" on the wire): the worker creates it so, the driver's audit notes read it (a legacy interpreter may fork).</summary>
    public required InterpreterMode Mode { get; init; }

    /// <summary>"unittest" or "pytest".</summary>
    public required string Engine { get; init; }

    /// <summary>Bytes of each test's captured stdout and stderr kept.</summary>
    public required int OutputLimit { get; init; }

    public double? TestTimeout { get; init; }

    public double? ModuleTimeout { get; init; }

    /// <summary>Seconds the driver waits for threads the module left running.</summary>
    public required double ThreadJoinTimeout { get; init; }

    /// <summary>The discovery pattern, handed to a module's load_tests.</summary>
    public required string Pattern { get; init; }

    /// <summary>The test ids to run; null: every test of the module.</summary>
    public IReadOnlyList<string>? Select { get; init; }

    /// <summary>Collect and report the tests with their locations, run none, check nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool CollectOnly { get; init; }
}

/// <summary>
/// Where the driver writes and what its events are stamped with: the host's, not the run's (the
/// worker's slot channel, or the plain process's events file).
/// </summary>
/// <param name="Fd">The descriptor to write events to (a plain process opens its events file instead).</param>
/// <param name="PycachePrefix">The worker's private bytecode folder (pytest engine: Hosting/BytecodeCache), or null.</param>
public sealed record DriverHost(int? Fd, int Slot, int Seq, string? PycachePrefix = null);

/// <summary>The probe interpreter's arguments (subinterp_driver/probe.py): the driver's probe request, as the module's interpreter left it.</summary>
/// <param name="Skip">Extensions this worker already probed and found clean (Hosting/LeakChecks.ProbedClean): not imported again.</param>
public sealed record ProbeArguments(string Request, IReadOnlyList<string> Skip);
