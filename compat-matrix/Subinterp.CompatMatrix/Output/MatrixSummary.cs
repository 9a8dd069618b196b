using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Output;

/// <summary>Counts over the matrix's cells, for the badge and the terminal.</summary>
public sealed record MatrixSummary(int Cells, int Ok, IReadOnlyDictionary<CellStatus, int> ByStatus)
{
    /// <summary>Cells with a status other than n/a: where the module exists.</summary>
    public static MatrixSummary Of(MatrixDocument document)
    {
        var cells = document.Modules.SelectMany(m => m.Cells).Select(c => c.StatusValue).ToList();
        var byStatus = CellStatusNames.All.ToDictionary(s => s, s => cells.Count(c => c == s));
        return new MatrixSummary(cells.Count(c => c != CellStatus.NotApplicable), byStatus[CellStatus.Ok], byStatus);
    }

    public string Describe() =>
        $"{Ok}/{Cells} cells ok (" + string.Join(", ", ByStatus.Where(p => p.Value > 0).Select(p => $"{p.Value} {p.Key.Name()}")) + ")";
}
