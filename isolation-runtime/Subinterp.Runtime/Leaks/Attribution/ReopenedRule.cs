namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// Settling: a descriptor that was seen closed (or pointing elsewhere) after the module's window
/// closed, and whose number holds the same target again now, is another descriptor: numbers are
/// reused at once, lowest free first, and every interpreter's start opens files of its import path
/// for a moment (far longer in legacy mode, waiting for the shared GIL), so the same number and
/// target came back at each look while two slots kept starting interpreters. A descriptor the
/// module leaves open is never closed in between, and stays its leak.
/// </summary>
internal sealed class ReopenedRule : IAttributionRule
{
    public string Name => "reopened";

    public AttributionVerdict Judge(AttributionCase c) =>
        c.Phase == AttributionPhase.Settling && c.Change.Key.Kind == LeakKinds.Fd && c.Change.After is not null
        && c.Facts.ChangedSince(c.Change.Key, c.Window.ClosedAtObservation)
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, "closed after the module ended: the number holds another descriptor now")
            : AttributionVerdict.Undecided;
}
