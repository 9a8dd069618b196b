using System.Text.RegularExpressions;

namespace Subinterp.Runtime.Results;

/// <summary>
/// One entry of the allow-list ([[tool.subinterp.allow]] in pyproject.toml): a known finding that
/// is still reported, marked allowed with its reason, and never fails the run.
/// </summary>
/// <param name="Module">The module, or a glob over module names (`*` and `?`): "tests.test_legacy", "tests.test_*".</param>
/// <param name="Kind">One of <see cref="FindingKinds"/>, or null for any.</param>
/// <param name="Match">Text the finding's detail must contain (an extension name, a variable...), or null for any.</param>
/// <param name="Reason">Why it is allowed: shown next to the finding.</param>
public sealed record AllowedFinding(string Module, string? Kind, string? Match, string Reason)
{
    public bool Covers(Finding finding) =>
        Glob(Module).IsMatch(finding.Module)
        && (Kind is null || Kind == finding.Kind)
        && (Match is null || finding.Detail.Contains(Match, StringComparison.Ordinal));

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}
