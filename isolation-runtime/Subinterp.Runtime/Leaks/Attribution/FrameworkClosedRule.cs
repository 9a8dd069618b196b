namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// A descriptor that closed, onto a file only the test framework's own code was seen opening
/// (pytest's /dev/null for its log handler, its capture files), is the framework closing its own:
/// never a finding. Closing says nothing about who closed, so without this rule the window that
/// saw it close waited for its neighbours, and under load ran alone to tell.
/// </summary>
internal sealed class FrameworkClosedRule : IAttributionRule
{
    public string Name => "framework-closed";

    public AttributionVerdict Judge(AttributionCase c)
    {
        if (c.Change.Key.Kind != LeakKinds.Fd || c.Change.After is not null || c.Change.Before is not { } target || !target.StartsWith('/'))
        {
            return AttributionVerdict.Undecided;
        }
        var opened = Touches.Of(c.Change with { After = target, Before = null });
        var openers = c.Everyone.SelectMany(window => window.Notes).Where(note => note.Touch == opened).ToList();
        return openers.Count > 0 && openers.All(note => note.Whose == TouchNote.Framework)
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, $"the test framework closed a descriptor it opened ({openers[0].Where})")
            : AttributionVerdict.Undecided;
    }
}
