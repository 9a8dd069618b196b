namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// Closing: a value a neighbour set (or a descriptor it opened) before this module began, changed
/// back or closed while the neighbour still ran, is the neighbour's own business.
/// </summary>
internal sealed class NeighbourValueRule : IAttributionRule
{
    public string Name => "neighbour-value";

    public AttributionVerdict Judge(AttributionCase c) =>
        c.Phase == AttributionPhase.Closing && c.Change.Before is not null
        && c.Facts.OpenWhenFirstSeen(c.Change.Key, c.Change.Before).Any(other => other != c.Window && c.Window.Overlappers.Contains(other))
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, "a neighbour's value, changed back or closed while it still ran")
            : AttributionVerdict.Undecided;
}
