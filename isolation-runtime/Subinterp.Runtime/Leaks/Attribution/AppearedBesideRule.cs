namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>Closing: a change that appeared while neighbours ran too waits for them to end before anyone is blamed.</summary>
internal sealed class AppearedBesideRule : IAttributionRule
{
    public string Name => "appeared-beside";

    public AttributionVerdict Judge(AttributionCase c) => c.Phase == AttributionPhase.Closing && c.Suspects.Count > 0
        ? new AttributionVerdict(VerdictKind.Wait, Name, "appeared while neighbours ran: wait for them to end") { Others = c.Suspects }
        : AttributionVerdict.Undecided;
}
