namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// A change made by code under test other than the module itself (a conftest.py, a helper, a
/// package's import, a third-party library), or by the stdlib with nothing else on the stack, is
/// that code's: reported once as its effect, at its file and line, with every module whose
/// interpreter made it. Whichever module's window saw it appear, the verdict is the same, and it is
/// said for the modules whose interpreters made it (not for a neighbour that only saw it); one a
/// neighbour still running made waits for that neighbour to end (it may be undone by then).
/// </summary>
internal sealed class SharedCodeRule : IAttributionRule
{
    public string Name => "code-effect";

    public AttributionVerdict Judge(AttributionCase c)
    {
        var makers = c.Makers(c.Everyone).Where(seen => seen.Note.Whose != TouchNote.Framework).ToList();
        if (makers.Count == 0 || makers.Any(seen => seen.Note.Whose == TouchNote.Module))
        {
            return AttributionVerdict.Undecided;
        }
        // Said by the windows whose interpreters made it, whichever saw it appear: the same modules on every run.
        var own = makers.Where(seen => seen.Window == c.Window).Select(seen => seen.Note).ToList();
        if (own.Count == 0)
        {
            return new AttributionVerdict(VerdictKind.NotAFinding, Name, "a neighbour's code made it: that module reports it as the code's effect");
        }
        // A neighbour still running that made it too may still undo it (a subprocess's pipes, a temporary
        // variable): wait for it; what is left then is the code's.
        var running = makers.Select(seen => seen.Window).Where(maker => maker != c.Window && !maker.Closed).Distinct().ToList();
        if (c.Phase == AttributionPhase.Closing && running.Count > 0)
        {
            return new AttributionVerdict(VerdictKind.Wait, Name, "made by code a neighbour still running ran: wait for it") { Others = running };
        }
        // One site when several made it: the first by file and line, so that every run names the same.
        var site = own.OrderBy(note => note.Where, StringComparer.Ordinal).First();
        return new AttributionVerdict(VerdictKind.CodeEffect, Name, $"made by {site.Where}") { Site = site };
    }
}
