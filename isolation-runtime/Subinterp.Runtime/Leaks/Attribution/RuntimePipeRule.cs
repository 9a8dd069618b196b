namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// The worker knows its runtime's descriptors. Under CoreCLR (the managed worker) every thread the
/// runtime starts opens a pipe and holds it until the thread's creator lets it run (microseconds,
/// or longer on a loaded machine): a pipe no interpreter made (the driver notes every os.pipe) is
/// the runtime's. Native AOT opens no descriptor after the worker started, so there a pipe nobody
/// noted is left to the other rules (a C library's).
/// </summary>
internal sealed class RuntimePipeRule : IAttributionRule
{
    public string Name => "runtime-pipe";

    public AttributionVerdict Judge(AttributionCase c) =>
        c.Facts.RuntimeMakesPipes && c.Change.Key.Kind == LeakKinds.Fd && c.Change.After is { } target
        && target.StartsWith("pipe:", StringComparison.Ordinal) && !c.Makers(c.Everyone).Any()
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, "a pipe no interpreter made: the .NET runtime's thread-start pipe")
            : AttributionVerdict.Undecided;
}
