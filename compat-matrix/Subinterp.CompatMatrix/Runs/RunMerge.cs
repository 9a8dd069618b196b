using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Runs;

/// <summary>
/// Folds independent runs of the same matrix (--runs N) into one, without hiding a cell that
/// changed between them: a cell the runs agree on is the first run's; a cell they disagree on takes
/// the most severe status seen (a crash seen once is a crash) and lists every status with how many
/// runs saw it and the first line of its evidence (<see cref="MatrixCell.Runs"/>).
/// </summary>
public static class RunMerge
{
    public static MatrixDocument Merge(IReadOnlyList<MatrixDocument> runs)
    {
        if (runs.Count == 0)
        {
            throw new ArgumentException("no runs to merge", nameof(runs));
        }
        if (runs.Count == 1)
        {
            return runs[0];
        }
        var first = runs[0];
        var modules = first.Modules.Select(module => module with
        {
            Declarations = Declarations(module, runs),
            Cells = module.Cells.Select(cell => Cell(module.Module, cell, runs)).ToList(),
        }).ToList();
        return first with { Runs = runs.Count, Modules = modules };
    }

    private static IReadOnlyList<ModuleDeclaration> Declarations(MatrixModule module, IReadOnlyList<MatrixDocument> runs) =>
        module.Declarations.Select(declaration => declaration.Init != Cells.Declarations.Unknown
            ? declaration
            : runs.SelectMany(r => r.Modules.Where(m => m.Module == module.Module).SelectMany(m => m.Declarations))
                .FirstOrDefault(d => d.Python == declaration.Python && d.Init != Cells.Declarations.Unknown) ?? declaration).ToList();

    private static MatrixCell Cell(string module, MatrixCell cell, IReadOnlyList<MatrixDocument> runs)
    {
        var seen = runs.Select(run => run.Modules.FirstOrDefault(m => m.Module == module)?.Cells
                .FirstOrDefault(c => c.Python == cell.Python && c.Mode == cell.Mode))
            .Select(c => c ?? new MatrixCell(cell.Python, cell.Mode, CellStatus.NotApplicable.Name(), "not in this run"))
            .ToList();
        if (seen.All(c => c.Status == cell.Status))
        {
            return cell;
        }
        var worst = seen.OrderByDescending(c => Severity(c.StatusValue)).First();
        var tally = seen.GroupBy(c => c.Status, StringComparer.Ordinal)
            .Select(g => new StatusSeen(g.Key, g.Count(), g.First().Evidence.Split('\n')[0]))
            .OrderByDescending(s => Severity(CellStatusNames.TryParse(s.Status, out var status) ? status : CellStatus.NotApplicable))
            .ToList();
        var summary = string.Join(", ", tally.Select(t => $"{t.Status} in {t.Count}"));
        return worst with { Runs = tally, Evidence = $"{worst.Evidence}\n(the {runs.Count} runs disagree: {summary}; the most severe is shown)" };
    }

    /// <summary>n/a below every status: a module missing from one run is no finding.</summary>
    private static int Severity(CellStatus status) => status == CellStatus.NotApplicable ? -1 : (int)status;
}
