namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>
/// Who changed the process: the rules, in order. The first that decides gives the verdict.
/// docs/findings.md lists them with what each knows; each has its own unit test.
/// </summary>
internal static class AttributionRules
{
    public static IReadOnlyList<IAttributionRule> All { get; } =
    [
        new FrameworkVariableRule(),
        new GoneRule(),
        new ReopenedRule(),
        new ExtensionInitRule(),
        new SlotDirectoryRule(),
        new SlotThreadRule(),
        new RuntimePipeRule(),
        new RuntimeFileRule(),
        new FrameworkMadeRule(),
        new FrameworkClosedRule(),
        new NeighbourClosedRule(),
        new RefusedForkRule(),
        new SharedCodeRule(),
        new OwnCodeRule(),
        new NeighbourCodeRule(),
        new NeighbourValueRule(),
        new BetweenWindowsRule(),
        new AppearedAloneRule(),
        new AppearedBesideRule(),
        new SeenByBothRule(),
        new StayedRule(),
    ];

    /// <summary>The first verdict of a rule that decides (every case is decided by the last rule of its phase).</summary>
    public static AttributionVerdict Judge(AttributionCase c)
    {
        foreach (var rule in All)
        {
            var verdict = rule.Judge(c);
            if (verdict.Kind != VerdictKind.Undecided)
            {
                return verdict;
            }
        }
        throw new InvalidOperationException($"no attribution rule decided {c.Change.Key} in phase {c.Phase}");
    }
}
