using System.IO.Enumeration;

namespace Subinterp.Runtime.Session;

/// <summary>
/// -k: a test is selected when its id matches any of the expressions, case-insensitively, as a
/// substring, or with `*` / `?` wildcards against the whole id (unittest's -k rule, without its
/// case sensitivity).
/// </summary>
internal static class KeywordSelection
{
    public static bool Matches(IReadOnlyList<string> keywords, string testId) =>
        keywords.Any(keyword => FileSystemName.MatchesSimpleExpression(
            keyword.Contains('*') || keyword.Contains('?') ? keyword : $"*{keyword}*", testId, ignoreCase: true));
}
