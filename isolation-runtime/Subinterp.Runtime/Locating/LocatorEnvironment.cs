using System.Collections;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// The environment variables the locator decides by. Injected so tests can describe a machine
/// without changing the process environment; empty values count as unset, as shells treat them.
/// </summary>
internal sealed class LocatorEnvironment
{
    private readonly IReadOnlyDictionary<string, string?> variables;

    public LocatorEnvironment(IReadOnlyDictionary<string, string?>? variables)
    {
        this.variables = variables ?? Snapshot();
    }

    public string? Get(string name) =>
        variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public string? Home => Get("HOME");

    public IReadOnlyList<string> PathDirectories =>
        (Get("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Expands a leading <c>~/</c>, which shells do but the file APIs do not.</summary>
    public string ExpandHome(string path)
    {
        if (Home is { } home && (path == "~" || path.StartsWith("~/", StringComparison.Ordinal)))
        {
            return Path.Join(home, path[1..]);
        }
        return path;
    }

    private static Dictionary<string, string?> Snapshot()
    {
        var snapshot = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            snapshot[(string)entry.Key] = entry.Value as string;
        }
        return snapshot;
    }
}
