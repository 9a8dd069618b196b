namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>pytest writes PYTEST_CURRENT_TEST and PYTEST_VERSION into the C environment around every test and session, by design.</summary>
internal sealed class FrameworkVariableRule : IAttributionRule
{
    public string Name => "framework-variable";

    public AttributionVerdict Judge(AttributionCase c) => FrameworkState.IsFrameworks(c.Change.Key)
        ? new AttributionVerdict(VerdictKind.NotAFinding, Name, $"{c.Change.Key.Name} is pytest's own variable")
        : AttributionVerdict.Undecided;
}
