using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>Small matrices for the tests.</summary>
internal static class Cells
{
    public static MatrixDocument Matrix(params (string Module, string Python, string Mode, CellStatus Status, string Evidence)[] cells) => new()
    {
        Pythons = cells.Select(c => c.Python).Distinct().Select(p => new MatrixPython(p, "/usr/bin/python")).ToList(),
        Modes = cells.Select(c => c.Mode).Distinct().ToList(),
        Modules = cells.GroupBy(c => c.Module).Select(g => new MatrixModule(g.Key, "stdlib-shared", [],
            g.Select(c => new MatrixCell(c.Python, c.Mode, c.Status.Name(), c.Evidence)).ToList())).ToList(),
    };
}
