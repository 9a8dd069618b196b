namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>A change only a neighbour's code was seen making is the neighbour's: its own window reports it.</summary>
internal sealed class NeighbourCodeRule : IAttributionRule
{
    public string Name => "neighbour-code";

    public AttributionVerdict Judge(AttributionCase c)
    {
        var makers = c.CodeMakers(c.Everyone);
        return makers.Count == 1 && makers[0] != c.Window
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, "made by a neighbour's code")
            : AttributionVerdict.Undecided;
    }
}
