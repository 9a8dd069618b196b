using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// One item of the process's shared state: a kind (environ, fd, signal...) and a name within it
/// (a variable, a descriptor number, "SIGWINCH handler"...). Its value is text, so that two reads,
/// or the reads of two modules, compare as plain strings.
/// </summary>
internal readonly record struct StateKey(string Kind, string Name)
{
    public override string ToString() => $"{Kind}:{Name}";
}

/// <summary>An item whose value differs between two reads (null: absent), and how that reads as a finding.</summary>
internal sealed record ObservedChange(StateKey Key, string? Before, string? After, LeakFinding Finding);
