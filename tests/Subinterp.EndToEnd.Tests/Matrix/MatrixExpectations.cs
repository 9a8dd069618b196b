using Subinterp.Runtime.Locating;

namespace Subinterp.EndToEnd.Tests.Matrix;

/// <summary>
/// compat-matrix/EXPECTED.md for one Python: status and declaration cells written
/// `3.12: x; 3.13.1: y` resolve to the highest listed version at or below the Python's full version;
/// `a or b` lists the statuses accepted.
/// </summary>
internal static class MatrixExpectations
{
    public static string File => Path.Combine(RepoPaths.Root, "compat-matrix", "EXPECTED.md");

    public sealed record Cell(string Module, string Mode, IReadOnlyList<string> Statuses, string Declares, string? Disagreement);

    public static IReadOnlyList<Cell> Cells(string section, PythonInstallation python) =>
        MarkdownTable.RowsOf(File, section)
            .Select(row => new Cell(row[0], row[1], Resolve(row[2], python.Version).Split(" or "), Resolve(row[3], python.Version),
                row[4] == "-" ? null : row[4]))
            .ToList();

    public static IReadOnlyList<(string Module, string Mode, string Contains)> Evidence(string section) =>
        MarkdownTable.RowsOf(File, section).Select(row => (row[0], row[1], MarkdownTable.Fragments(row[2]).Single())).ToList();

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
        return byVersion.LastOrDefault(pair => pair.Version <= python).Value ?? byVersion[0].Value;
    }
}
