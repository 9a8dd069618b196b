namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// An isolated interpreter refuses os.fork(), and what the caller made for the child stays open
/// (multiprocessing's fork start method: two pipes). A pipe left by a window whose interpreter had
/// a fork refused is that module's, and the refused fork is named as its cause.
/// </summary>
internal sealed class RefusedForkRule : IAttributionRule
{
    public string Name => "refused-fork";

    public AttributionVerdict Judge(AttributionCase c)
    {
        if (c.Change.Key.Kind != LeakKinds.Fd || c.Change.After is not { } target || !target.StartsWith("pipe:", StringComparison.Ordinal))
        {
            return AttributionVerdict.Undecided;
        }
        var refusing = c.Everyone.Where(window => window.ForkRefused).ToList();
        var pipeMakers = c.Makers(c.Everyone).Select(seen => seen.Window).Distinct().ToList();
        // The pipe's maker decides when it is known; else the only window that had a fork refused.
        var owner = pipeMakers.Count == 1 ? pipeMakers[0] : refusing.Count == 1 && pipeMakers.Count == 0 ? refusing[0] : null;
        if (owner is null || !owner.ForkRefused)
        {
            return AttributionVerdict.Undecided;
        }
        if (owner != c.Window)
        {
            return new AttributionVerdict(VerdictKind.NotAFinding, Name, "left by a neighbour whose os.fork() was refused");
        }
        var refusal = owner.Notes.First(note => note.Touch == Touches.ForkRefused);
        return new AttributionVerdict(VerdictKind.Leak, Name, "left open by a refused os.fork()")
        {
            Cause = $"left open when os.{(refusal.Value == "forkpty" ? "forkpty" : "fork")}() was refused at {refusal.Where}: an isolated subinterpreter cannot fork, so what was made for the child was never closed",
        };
    }
}
