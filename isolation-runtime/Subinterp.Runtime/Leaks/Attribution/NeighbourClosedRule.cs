namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// A descriptor that closed, which a neighbour's interpreter was seen making (a pipe or a copy
/// with that number and target, or a file of that path it opened) and this module's was not, is
/// the neighbour closing its own (a subprocess's pipes as it ends): never this module's finding.
/// Closing says nothing about who closed; without this rule the window that saw it close waited
/// for its neighbours, and was run alone to tell.
/// </summary>
internal sealed class NeighbourClosedRule : IAttributionRule
{
    public string Name => "neighbour-closed";

    public AttributionVerdict Judge(AttributionCase c)
    {
        if (c.Change.Key.Kind != LeakKinds.Fd || c.Change.After is not null || c.Change.Before is not { } target)
        {
            return AttributionVerdict.Undecided;
        }
        if (c.Window.Notes.Any(note => Touches.MadeDescriptor(note, c.Change.Key.Name, target)))
        {
            return AttributionVerdict.Undecided;
        }
        // The opener may have begun before the window that saw it close: any window that overlapped it.
        var opener = c.Everyone.Concat(c.Window.Overlappers).Distinct()
            .SelectMany(window => window.Notes)
            .FirstOrDefault(note => Touches.MadeDescriptor(note, c.Change.Key.Name, target));
        return opener is null
            ? AttributionVerdict.Undecided
            : new AttributionVerdict(VerdictKind.NotAFinding, Name, $"a neighbour closed a descriptor it made ({opener.Where})");
    }
}
