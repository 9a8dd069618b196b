using System.Text;
using Subinterp.CompatMatrix.Gate;
using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Agreement;

/// <summary>
/// How far an independent run agrees with a published matrix: cells matched as the gate matches
/// them (module, Python series, mode), on the columns both have (optionally one Python series), a
/// cell agreeing when its status is the same. Every cell that differs is listed with both
/// statuses and evidence, and whether the published runs had already seen the run's status there
/// (a cell known to change between runs) or never (new nondeterminism, or a change).
/// </summary>
public static class MatrixAgreement
{
    public sealed record Difference(string Module, string Series, string Mode, string Published, string Run, bool SeenByPublishedRuns, string RunEvidence);

    /// <param name="Cells">Cells both matrices have in the compared columns.</param>
    public sealed record Result(string RunName, int Cells, int Agreeing, IReadOnlyList<Difference> Differences)
    {
        public double Percent => Cells == 0 ? 0 : 100.0 * Agreeing / Cells;
    }

    public static Result Compare(MatrixDocument published, MatrixDocument run, string runName, string? series = null)
    {
        var columns = run.Columns().Select(c => (MatrixGate.Series(c.Python), c.Mode))
            .Intersect(published.Columns().Select(c => (MatrixGate.Series(c.Python), c.Mode)))
            .Where(c => series is null || c.Item1 == series)
            .ToHashSet();
        var runCells = run.Modules.SelectMany(m => m.Cells.Select(c => ((m.Module, MatrixGate.Series(c.Python), c.Mode), c)))
            .ToDictionary(p => p.Item1, p => p.c);
        var cells = 0;
        var agreeing = 0;
        var differences = new List<Difference>();
        foreach (var module in published.Modules)
        {
            foreach (var cell in module.Cells.Where(c => columns.Contains((MatrixGate.Series(c.Python), c.Mode))))
            {
                if (!runCells.TryGetValue((module.Module, MatrixGate.Series(cell.Python), cell.Mode), out var other))
                {
                    continue;
                }
                cells++;
                if (other.Status == cell.Status)
                {
                    agreeing++;
                    continue;
                }
                var seen = cell.Runs?.Any(r => r.Status == other.Status) == true;
                differences.Add(new Difference(module.Module, MatrixGate.Series(cell.Python), cell.Mode, cell.Status, other.Status, seen, other.Evidence.Split('\n')[0]));
            }
        }
        return new Result(runName, cells, agreeing, differences);
    }

    /// <summary>The results in Markdown, for agreement.md next to the published matrix.</summary>
    public static string Markdown(MatrixDocument published, IReadOnlyList<Result> results, string? series, double minimum)
    {
        var text = new StringBuilder("# Agreement of independent runs with the published matrix\n\n");
        text.Append($"Published matrix: measured {published.Measured ?? "(undated)"}, {published.Runs} run{(published.Runs == 1 ? "" : "s")}; "
            + $"{published.Modules.SelectMany(m => m.Cells).Count(c => c.Runs is not null)} of its cells already changed between those runs. ")
            .Append($"Compared: {(series is null ? "every column both have" : $"CPython {series} columns")}; a cell agrees when its status is the same. Threshold: {minimum:0.#}%.\n\n");
        text.Append("| run | cells | agreeing | agreement | differing cells the published runs had seen change |\n| --- | --- | --- | --- | --- |\n");
        foreach (var result in results)
        {
            text.Append($"| {result.RunName} | {result.Cells} | {result.Agreeing} | {result.Percent:0.0}% | {result.Differences.Count(d => d.SeenByPublishedRuns)} of {result.Differences.Count} |\n");
        }
        foreach (var result in results.Where(r => r.Differences.Count > 0))
        {
            text.Append($"\n## {result.RunName}: {result.Differences.Count} differing cells\n\n| module | Python | mode | published | this run | seen before | this run's evidence |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (var d in result.Differences)
            {
                text.Append($"| `{d.Module}` | {d.Series} | {d.Mode} | {d.Published} | {d.Run} | {(d.SeenByPublishedRuns ? "yes" : "no")} | {d.RunEvidence.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
        }
        return text.ToString();
    }
}
