namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// Closing: a value a neighbour set (or a descriptor it opened) before this module began, changed
/// back or closed while the neighbour still ran, is the neighbour's own business.
/// </summary>
internal sealed class NeighbourValueRule : IAttributionRule
{
    public string Name => "neighbour-value";

    // A descriptor's first sighting is kept by the window from its opening (it may be long gone from
    // the history by now); other values are asked of the history.
    public AttributionVerdict Judge(AttributionCase c) =>
        c.Phase == AttributionPhase.Closing && c.Change.Before is not null
        && (c.Window.BeganWith.GetValueOrDefault(c.Change.Key) ?? c.Facts.OpenWhenFirstSeen(c.Change.Key, c.Change.Before))
            .Any(other => other != c.Window && c.Window.Overlappers.Contains(other))
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, "a neighbour's value, changed back or closed while it still ran")
            : AttributionVerdict.Undecided;
}
