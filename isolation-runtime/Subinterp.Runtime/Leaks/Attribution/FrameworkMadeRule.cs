namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// A change that only the test framework's own code was seen making (pytest's /dev/null for its
/// log handler, its capture files, a variable it sets) is the framework's: never a finding, on
/// any Python, whatever ran beside it.
/// </summary>
internal sealed class FrameworkMadeRule : IAttributionRule
{
    public string Name => "framework-made";

    public AttributionVerdict Judge(AttributionCase c)
    {
        var makers = c.Makers(c.Everyone).ToList();
        return makers.Count > 0 && makers.All(seen => seen.Note.Whose == TouchNote.Framework)
            ? new AttributionVerdict(VerdictKind.NotAFinding, Name, $"only the test framework made it ({makers[0].Note.Where})")
            : AttributionVerdict.Undecided;
    }
}
