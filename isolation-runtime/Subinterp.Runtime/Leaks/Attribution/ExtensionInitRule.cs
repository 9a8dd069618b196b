namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>A change an extension module's initialisation made is that extension's effect, reported once on its own (<see cref="ExtensionEffects"/>).</summary>
internal sealed class ExtensionInitRule : IAttributionRule
{
    public string Name => "extension-init";

    public AttributionVerdict Judge(AttributionCase c) => c.Facts.ExtensionExplaining(c.Change) is { } extension
        ? new AttributionVerdict(VerdictKind.NotAFinding, Name, $"{extension}'s initialisation made it")
        : AttributionVerdict.Undecided;
}
