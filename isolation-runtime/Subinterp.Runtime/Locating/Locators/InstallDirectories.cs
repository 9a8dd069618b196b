namespace Subinterp.Runtime.Locating.Locators;

/// <summary>The layout pyenv and uv share: one directory per installation, each with bin/python3.</summary>
internal static class InstallDirectories
{
    public static IEnumerable<string> Enumerate(string? parent)
    {
        if (parent is null || !Directory.Exists(parent))
        {
            return [];
        }
        try
        {
            return Directory.EnumerateDirectories(parent)
                .Where(d => !Path.GetFileName(d).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>An installation prefix's interpreter: bin/python3, or bin/python for layouts without it.</summary>
    public static string? Interpreter(string prefix) =>
        new[] { "python3", "python" }
            .Select(name => Path.Join(prefix, "bin", name))
            .FirstOrDefault(ExecutableFile.IsExecutable);
}
