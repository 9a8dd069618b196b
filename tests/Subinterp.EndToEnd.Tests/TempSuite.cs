namespace Subinterp.EndToEnd.Tests;

/// <summary>A throw-away suite of Python files written by a test: for cases too small to earn a sample suite.</summary>
internal static class TempSuite
{
    /// <param name="files">Relative path → source text (indentation of the literal is kept as written).</param>
    /// <returns>The suite's folder.</returns>
    public static string Create(string name, IReadOnlyDictionary<string, string> files)
    {
        var root = Directory.CreateTempSubdirectory($"subinterp-{name}-").FullName;
        foreach (var (relative, text) in files)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        }
        return root;
    }
}
