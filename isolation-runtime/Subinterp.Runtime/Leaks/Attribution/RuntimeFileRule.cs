namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// Under CoreCLR (the managed worker, which the adapter starts) the runtime opens each assembly
/// file as it first loads it, and keeps it: a framework assembly first needed while a module ran
/// (System.Text.Json configures a message's contract the first time one is written, which loads
/// System.Private.Uri) shows up as descriptors onto a file of the runtime's own folders in that
/// module's window. A descriptor onto such a file that no interpreter made is the runtime's.
/// Native AOT loads nothing after start, so there the rule never applies.
/// </summary>
internal sealed class RuntimeFileRule : IAttributionRule
{
    public string Name => "runtime-file";

    public AttributionVerdict Judge(AttributionCase c) =>
        c.Change.Key.Kind == LeakKinds.Fd && (c.Change.After ?? c.Change.Before) is { } target
        && c.Facts.RuntimeFolders.Any(folder => target.StartsWith(folder, StringComparison.Ordinal)) && !c.Makers(c.Everyone).Any()
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, "a file of the .NET runtime the worker runs on, opened as it loaded an assembly")
            : AttributionVerdict.Undecided;
}
