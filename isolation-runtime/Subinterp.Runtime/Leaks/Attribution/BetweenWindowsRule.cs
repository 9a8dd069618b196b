namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// Closing: a descriptor that was first read as a window opened appeared between module windows,
/// where no module code runs: the worker's or the runtime's, and its closing is nobody's leak.
/// </summary>
internal sealed class BetweenWindowsRule : IAttributionRule
{
    public string Name => "between-windows";

    public AttributionVerdict Judge(AttributionCase c) =>
        c.Phase == AttributionPhase.Closing && c.Change.Key.Kind == LeakKinds.Fd && c.Change.Before is not null
        && c.Facts.FirstSeenBetweenWindows(c.Change.Key, c.Change.Before)
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, "opened between module windows, by no module")
            : AttributionVerdict.Undecided;
}
