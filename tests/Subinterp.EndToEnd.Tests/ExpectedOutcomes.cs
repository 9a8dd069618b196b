namespace Subinterp.EndToEnd.Tests;

/// <summary>A sample suite's EXPECTED.md read as data: module verdicts and test outcomes from its tables.</summary>
internal sealed record ExpectedOutcomes(IReadOnlyDictionary<string, string> ModuleVerdicts, IReadOnlyDictionary<string, string> TestOutcomes)
{
    public static ExpectedOutcomes Load(string suiteFolder)
    {
        var modules = new Dictionary<string, string>(StringComparer.Ordinal);
        var tests = new Dictionary<string, string>(StringComparer.Ordinal);
        string? section = null;
        foreach (var line in File.ReadLines(Path.Combine(suiteFolder, "EXPECTED.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                continue;
            }
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }
            var cells = line.Split('|', StringSplitOptions.TrimEntries).Where((_, i) => i > 0).ToArray();
            var key = cells[0].Trim('`');
            if (section == "Modules")
            {
                modules[key] = cells[2];
            }
            else if (section == "Tests")
            {
                tests[key] = cells[1];
            }
        }
        if (modules.Count == 0)
        {
            throw new InvalidDataException($"{suiteFolder}/EXPECTED.md has no module table");
        }
        return new ExpectedOutcomes(modules, tests);
    }
}
