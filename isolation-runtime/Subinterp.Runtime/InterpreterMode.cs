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

public static class InterpreterModeNames
{
    /// <summary>The mode as the CLI and the reports spell it.</summary>
    public static string Name(this InterpreterMode mode) => mode == InterpreterMode.Legacy ? "legacy" : "isolated";
}
