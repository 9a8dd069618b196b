namespace Subinterp.Runtime;

/// <summary>
/// The per-user cache folder, $XDG_CACHE_HOME/subinterp or ~/.cache/subinterp (the XDG base
/// directory rule): what Subinterp keeps between runs that is not a project's (the extracted
/// driver, what each Python installation is).
/// </summary>
internal static class UserCacheDirectory
{
    /// <param name="variable">Reads an environment variable; empty values count as unset.</param>
    /// <returns>The folder (not created), or null when neither XDG_CACHE_HOME nor HOME is set.</returns>
    public static string? Find(Func<string, string?> variable)
    {
        if (variable("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "subinterp");
        }
        return variable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache", "subinterp") : null;
    }
}
