namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>Settling: a change that stayed after its neighbours ended, which none of them saw appear, is the module's.</summary>
internal sealed class StayedRule : IAttributionRule
{
    public string Name => "stayed";

    public AttributionVerdict Judge(AttributionCase c) => c.Phase == AttributionPhase.Settling
        ? new AttributionVerdict(VerdictKind.Leak, Name, "still there after the neighbours ended, and none of them saw it appear")
        : AttributionVerdict.Undecided;
}
