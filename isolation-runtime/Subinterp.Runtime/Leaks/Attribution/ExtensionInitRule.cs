namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// A change an extension module's initialisation made is that extension's effect, reported once on
/// its own (<see cref="ExtensionEffects"/>). The reads around an init on one slot also see what the
/// other slot's code does at that moment: a change an interpreter's audit notes say its code under
/// test made (test_fd_leak's os.open while a neighbour initialised an extension) is that code's,
/// and the rules after this one judge it.
/// </summary>
internal sealed class ExtensionInitRule : IAttributionRule
{
    public string Name => "extension-init";

    public AttributionVerdict Judge(AttributionCase c) => c.Facts.ExtensionExplaining(c.Change) is { } extension && c.CodeMakers(c.Everyone).Count == 0
        ? new AttributionVerdict(VerdictKind.NotAFinding, Name, $"{extension}'s initialisation made it")
        : AttributionVerdict.Undecided;
}
