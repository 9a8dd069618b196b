using System.Text.Json.Serialization;

namespace Subinterp.Runtime;

/// <summary>How each module's interpreter is configured.</summary>
public enum InterpreterMode
{
    /// <summary>Own GIL, own allocator, no fork/exec, no daemon threads, single-phase extensions refused.</summary>
    [JsonStringEnumMemberName("isolated")]
    Isolated,

    /// <summary>Shared GIL and allocator, checks off: how subinterpreters behaved before PEP 684.</summary>
    [JsonStringEnumMemberName("legacy")]
    Legacy,
}

/// <summary>The mode names every front door takes (`--mode`, `mode =`, `SubinterpMode`, `&lt;Mode&gt;`, `matrix --mode`): read here and nowhere else.</summary>
public static class InterpreterModeNames
{
    /// <summary>Every module in each mode, isolated first.</summary>
    public const string Both = "both";

    public static IReadOnlyList<string> Choices { get; } = ["isolated", "legacy", Both];

    /// <summary>The mode as the CLI and the reports spell it.</summary>
    public static string Name(this InterpreterMode mode) => mode == InterpreterMode.Legacy ? "legacy" : "isolated";

    /// <summary>The modes a name stands for (isolated then legacy for "both"), or null when it names none.</summary>
    public static IReadOnlyList<InterpreterMode>? Parse(string name) => name switch
    {
        "isolated" => [InterpreterMode.Isolated],
        "legacy" => [InterpreterMode.Legacy],
        Both => [InterpreterMode.Isolated, InterpreterMode.Legacy],
        _ => null,
    };
}
