namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// Closing: a change that appeared while only this module's window was open is the module's; a
/// thread is looked at once more first (it may be leaving the kernel's task list).
/// </summary>
internal sealed class AppearedAloneRule : IAttributionRule
{
    public string Name => "appeared-alone";

    public AttributionVerdict Judge(AttributionCase c) => c.Phase != AttributionPhase.Closing || c.Suspects.Count > 0
        ? AttributionVerdict.Undecided
        : c.Change.Key.Kind == LeakKinds.Thread
            ? new AttributionVerdict(VerdictKind.Wait, Name, "appeared while the module ran alone: still there after a later look?")
            : new AttributionVerdict(VerdictKind.Leak, Name, "appeared while the module ran alone");
}
