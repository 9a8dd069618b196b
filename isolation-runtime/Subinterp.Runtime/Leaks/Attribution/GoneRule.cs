namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>Settling: a change that is no longer there went away with a neighbour (a descriptor closed, a variable restored, a thread that ended).</summary>
internal sealed class GoneRule : IAttributionRule
{
    public string Name => "gone";

    public AttributionVerdict Judge(AttributionCase c) => c.Phase == AttributionPhase.Settling && c.Facts.Current(c.Change.Key) != c.Change.After
        ? new AttributionVerdict(VerdictKind.NotAFinding, Name, "it went away before the module was judged")
        : AttributionVerdict.Undecided;
}
