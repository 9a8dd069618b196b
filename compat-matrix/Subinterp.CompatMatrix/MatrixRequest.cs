using Subinterp.Runtime;

namespace Subinterp.CompatMatrix;

/// <summary>What `subinterp matrix` was asked for, already parsed.</summary>
public sealed record MatrixRequest
{
    /// <summary>--python, repeatable: versions, executables or libpython paths. Empty: the newest found.</summary>
    public IReadOnlyList<string> Pythons { get; init; } = [];

    /// <summary>--modules: "stdlib", "site", "path" or dotted module names.</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>--path: folders put on sys.path of every interpreter (a source checkout with built extensions).</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    public IReadOnlyList<InterpreterMode> Modes { get; init; } = [InterpreterMode.Isolated, InterpreterMode.Legacy];

    /// <summary>Slots for the probes; the concurrent-import probe needs two.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Consecutive fresh interpreters importing each module after the first (and the concurrent pair).</summary>
    public int Repeats { get; init; } = 2;

    /// <summary>--lifecycles K: the lifecycle meter over K fresh interpreters per module; 1 = off.</summary>
    public int Lifecycles { get; init; } = 1;

    /// <summary>--run-tests: run each module's own tests in a subinterpreter.</summary>
    public bool RunTests { get; init; }

    /// <summary>--run-tests DIR: the user's test folder (for modules outside the stdlib).</summary>
    public string? TestFolder { get; init; }

    /// <summary>Seconds one probe module may take before it is stopped (a hang is a finding, not a stuck matrix).</summary>
    public double ProbeTimeoutSeconds { get; init; } = 60;

    /// <summary>--runs N: independent runs of the whole matrix; cells they disagree on say so (nondeterminism shown, not averaged away).</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Whether to write and check a standalone reproducer for each crash (needs the folder the outputs go to).</summary>
    public bool Reproducers { get; init; } = true;

    /// <summary>Seconds one test module of --run-tests may take.</summary>
    public double TestModuleTimeoutSeconds { get; init; } = 600;
}
