namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A suite's EXPECTED.md for one Python version: cells written `3.12: x; 3.13: y` resolve to the
/// version's value (the highest listed version at or below it), and the module table's `crash`
/// column (`SIGSEGV -11`, `- 0`, `-`, `varies`) is read too.
/// </summary>
internal sealed record VersionedExpectations(
    IReadOnlyDictionary<string, string> ModuleVerdicts,
    IReadOnlyDictionary<string, string> TestOutcomes,
    IReadOnlyDictionary<string, string> Crashes)
{
    public static VersionedExpectations Load(string suiteFolder, Version python)
    {
        var expected = ExpectedOutcomes.Load(suiteFolder);
        var crashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var inModules = false;
        foreach (var line in File.ReadLines(Path.Combine(suiteFolder, "EXPECTED.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inModules = line[3..].Trim() == "Modules";
            }
            else if (inModules && line.StartsWith("| `", StringComparison.Ordinal))
            {
                var cells = line.Split('|', StringSplitOptions.TrimEntries);
                crashes[cells[1].Trim('`')] = Resolve(cells[5], python);
            }
        }
        return new VersionedExpectations(
            expected.ModuleVerdicts.ToDictionary(p => p.Key, p => Resolve(p.Value, python)),
            expected.TestOutcomes.ToDictionary(p => p.Key, p => Resolve(p.Value, python)),
            crashes);
    }

    public static string Resolve(string cell, Version python)
    {
        if (!cell.Contains(": ", StringComparison.Ordinal))
        {
            return cell;
        }
        var byVersion = cell.Split(';', StringSplitOptions.TrimEntries)
            .Select(part => part.Split(": ", 2))
            .Select(pair => (Version: Version.Parse(pair[0]), Value: pair[1]))
            .OrderBy(pair => pair.Version)
            .ToList();
        var current = new Version(python.Major, python.Minor);
        return byVersion.LastOrDefault(pair => pair.Version <= current).Value ?? byVersion[0].Value;
    }
}
