namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The rows of one table of a sample suite's EXPECTED.md: the table under a `## Section` heading,
/// rows that start with "| `", cells trimmed (first cell without its backticks).
/// </summary>
internal static class MarkdownTable
{
    public static IReadOnlyList<string[]> Rows(string suite, string section) =>
        RowsOf(Path.Combine(RepoPaths.SampleSuite(suite), "EXPECTED.md"), section);

    /// <summary>The same, from any markdown file of the repository.</summary>
    public static IReadOnlyList<string[]> RowsOf(string file, string section)
    {
        var rows = new List<string[]>();
        string? current = null;
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = line[3..].Trim();
            }
            else if (current == section && line.StartsWith("| `", StringComparison.Ordinal))
            {
                var cells = line.Split('|', StringSplitOptions.TrimEntries)[1..^1];
                cells[0] = cells[0].Trim('`');
                rows.Add(cells);
            }
        }
        if (rows.Count == 0)
        {
            throw new InvalidDataException($"{file} has no table under '## {section}'");
        }
        return rows;
    }

    /// <summary>The backticked fragments of a cell: "`a` `b`" → ["a", "b"].</summary>
    public static IReadOnlyList<string> Fragments(string cell) =>
        cell.Split('`').Where((_, i) => i % 2 == 1).ToList();
}
