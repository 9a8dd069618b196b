namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// The current directory and umask are each slot's own (Interop/SlotFileSystem.cs) and are read
/// on the slot's own thread: no neighbour can have changed them, so a change left there is the
/// module's.
/// </summary>
internal sealed class SlotDirectoryRule : IAttributionRule
{
    public string Name => "slot-directory";

    public AttributionVerdict Judge(AttributionCase c) =>
        c.Facts.SlotsOwnTheirDirectory && c.Change.Key.Kind is LeakKinds.Cwd or LeakKinds.Umask
            ? new AttributionVerdict(VerdictKind.Leak, Name, "the slot's own directory or umask, which no neighbour can change")
            : AttributionVerdict.Undecided;
}
