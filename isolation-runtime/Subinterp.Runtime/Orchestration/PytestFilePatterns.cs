using Subinterp.Runtime.Configuration;
using Tomlyn.Model;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Which files pytest collects as test modules: its `python_files` option, read from the
/// configuration <see cref="PytestConfigFinder"/> found (pyproject.toml's
/// [tool.pytest.ini_options] as a string or a list; the ini files' section, continued on indented
/// lines), or pytest's default `test_*.py *_test.py`. A suite whose modules are `*_test.py`, or
/// that names its own, is then planned as pytest would collect it.
/// </summary>
public static class PytestFilePatterns
{
    public static readonly IReadOnlyList<string> Default = ["test_*.py", "*_test.py"];

    private const string Option = "python_files";

    /// <exception cref="RunSetupException">The configuration gives python_files in a form pytest does not take.</exception>
    public static IReadOnlyList<string> Read(string? configPath)
    {
        if (configPath is null)
        {
            return Default;
        }
        var patterns = Path.GetFileName(configPath) == "pyproject.toml" ? FromPyproject(configPath) : FromIni(configPath);
        return patterns is { Count: > 0 } ? patterns : Default;
    }

    private static List<string>? FromPyproject(string path)
    {
        var file = TomlFile.Read(path);
        if (!file.Root.TryGetValue("tool", out var tool) || tool is not TomlTable toolTable
            || !toolTable.TryGetValue("pytest", out var pytest) || pytest is not TomlTable pytestTable
            || !pytestTable.TryGetValue("ini_options", out var options) || options is not TomlTable table
            || !table.TryGetValue(Option, out var value))
        {
            return null;
        }
        return value switch
        {
            string text => Words(text),
            TomlArray array when array.All(item => item is string) => [.. array.Cast<string>().SelectMany(Words)],
            _ => throw new RunSetupException(
                $"{file.Where(table, Option)}: python_files must be a string or a list of strings (e.g. python_files = [\"test_*.py\", \"check_*.py\"]); " +
                "fix it, or pass --pattern to choose the test files."),
        };
    }

    // The ini files: the section PytestConfigFinder names; "key = value" or "key: value", continued
    // on indented lines.
    private static List<string>? FromIni(string path)
    {
        var section = PytestConfigFinder.SectionOf(path);
        var inSection = false;
        List<string>? found = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (found is not null)
            {
                // An indented line continues the value; anything else ends it.
                if (line != trimmed && trimmed.Length > 0 && trimmed[0] is not ('#' or ';'))
                {
                    found.AddRange(Words(trimmed));
                    continue;
                }
                if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
                {
                    continue;
                }
                return found;
            }
            if (trimmed.StartsWith('[') && line == trimmed)
            {
                inSection = trimmed == section;
                continue;
            }
            if (!inSection || trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }
            var separator = trimmed.IndexOfAny(['=', ':']);
            if (separator > 0 && trimmed[..separator].Trim() == Option)
            {
                found = Words(trimmed[(separator + 1)..]);
            }
        }
        return found;
    }

    private static List<string> Words(string text) => [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
}
