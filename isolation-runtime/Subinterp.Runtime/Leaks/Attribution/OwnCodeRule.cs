namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// A change only this module's own code was seen making is the module's, unless a neighbour still
/// running made the same: a descriptor is known by its number and file only, and when the
/// neighbour closed its own and this module opened the same file, the number was reused unseen.
/// That one waits for the neighbour to end.
/// </summary>
internal sealed class OwnCodeRule : IAttributionRule
{
    public string Name => "own-code";

    public AttributionVerdict Judge(AttributionCase c)
    {
        var makers = c.CodeMakers(c.Everyone);
        if (makers.Count != 1 || makers[0] != c.Window)
        {
            return AttributionVerdict.Undecided;
        }
        if (c.Phase == AttributionPhase.Closing)
        {
            var alike = c.Window.Overlappers.Where(other => !other.Closed && other.NotesMaking(c.Change).Any()).ToList();
            if (alike.Count > 0)
            {
                return new AttributionVerdict(VerdictKind.Wait, Name, "a neighbour still running made the same") { Others = alike };
            }
        }
        return new AttributionVerdict(VerdictKind.Leak, Name, $"made by the module's own code ({c.Window.NotesMaking(c.Change).First().Where})");
    }
}
