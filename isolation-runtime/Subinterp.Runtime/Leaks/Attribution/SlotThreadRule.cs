namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// A thread started from a slot inherits the slot thread's name ("slot-N"): another slot's is
/// that slot's module's. The module's own is looked at once more before it is blamed: a thread the
/// module joined can still be leaving the kernel's task list as its interpreter ends.
/// </summary>
internal sealed class SlotThreadRule : IAttributionRule
{
    public string Name => "slot-thread";

    public AttributionVerdict Judge(AttributionCase c) => FrameworkState.StartedBySlot(c.Change) switch
    {
        null => AttributionVerdict.Undecided,
        var slot when slot != c.Window.Slot => new AttributionVerdict(VerdictKind.NotAFinding, Name, $"started from slot {slot}'s thread"),
        _ when c.Phase == AttributionPhase.Closing => new AttributionVerdict(VerdictKind.Wait, Name, "started from this slot: still there after a later look?"),
        _ => new AttributionVerdict(VerdictKind.Leak, Name, "started from this slot's thread and still running"),
    };
}
