namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>Settling: a change that stayed and that a neighbour also saw appear, with nothing to tell them apart, is contested: only a run alone can tell.</summary>
internal sealed class SeenByBothRule : IAttributionRule
{
    public string Name => "seen-by-both";

    public AttributionVerdict Judge(AttributionCase c) =>
        c.Phase == AttributionPhase.Settling
        && c.Suspects.Any(other => other.Seen.TryGetValue(c.Change.Key, out var seen) && seen == c.Change.After)
            ? new AttributionVerdict(VerdictKind.Contested, Name, "a neighbour saw it appear too")
            : AttributionVerdict.Undecided;
}
