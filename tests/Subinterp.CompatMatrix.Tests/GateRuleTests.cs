using Subinterp.CompatMatrix.Gate;
using Subinterp.CompatMatrix.Model;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

public sealed class GateRuleTests
{
    [Fact]
    public void CellsAreMatchedByPythonSeriesSoAPatchUpdateIsNoNewColumn()
    {
        var result = MatrixGate.Compare(
            Cells.Matrix(("math", "3.13.0", "isolated", CellStatus.Ok, "a")),
            Cells.Matrix(("math", "3.13.5", "isolated", CellStatus.Ok, "b")));

        Assert.True(result.Passed);
        Assert.Equal(1, result.Unchanged);
        Assert.Empty(result.Added);
    }

    [Theory]
    [InlineData(CellStatus.Ok, CellStatus.Refused, "worse")]
    [InlineData(CellStatus.Refused, CellStatus.Leaks, "worse")]
    [InlineData(CellStatus.Leaks, CellStatus.Crashes, "worse")]
    [InlineData(CellStatus.Ok, CellStatus.NotApplicable, "worse")]
    [InlineData(CellStatus.Crashes, CellStatus.Ok, "better")]
    [InlineData(CellStatus.Broken, CellStatus.Refused, "better")]
    [InlineData(CellStatus.NotApplicable, CellStatus.Crashes, "new")]
    public void TheOrderOfStatusesDecides(CellStatus before, CellStatus after, string expected)
    {
        var result = MatrixGate.Compare(
            Cells.Matrix(("m", "3.12.1", "legacy", before, "before")),
            Cells.Matrix(("m", "3.12.9", "legacy", after, "after")));

        var kind = result.Regressed.Count == 1 ? "worse" : result.Improved.Count == 1 ? "better" : result.Added.Count == 1 ? "new" : "none";
        Assert.Equal(expected, kind);
    }

    [Fact]
    public void AColumnTheCurrentMatrixDoesNotHaveIsNotComparedButAVanishedModuleIsWorse()
    {
        var baseline = Cells.Matrix(("a", "3.12.1", "isolated", CellStatus.Ok, ""), ("a", "3.12.1", "legacy", CellStatus.Ok, ""),
            ("b", "3.12.1", "isolated", CellStatus.Refused, ""));
        var current = Cells.Matrix(("a", "3.12.1", "isolated", CellStatus.Ok, ""));

        var result = MatrixGate.Compare(baseline, current);

        Assert.Equal(["a 3.12 legacy"], result.NotCompared.Select(c => c.Name));
        Assert.Equal(["b 3.12 isolated"], result.Regressed.Select(c => c.Name));
    }

    [Fact]
    public void UpdatingTakesTheBetterAndNewCellsAndKeepsTheWorseOnes()
    {
        var baseline = Cells.Matrix(("a", "3.13.0", "isolated", CellStatus.Refused, "old a"), ("b", "3.13.0", "isolated", CellStatus.Ok, "old b"));
        var current = Cells.Matrix(("a", "3.13.1", "isolated", CellStatus.Ok, "new a"), ("b", "3.13.1", "isolated", CellStatus.Leaks, "new b"),
            ("c", "3.13.1", "isolated", CellStatus.Ok, "new c"));

        var updated = MatrixGate.Updated(baseline, current, MatrixGate.Compare(baseline, current));

        Assert.Equal("new a", updated.Modules.Single(m => m.Module == "a").Cells.Single().Evidence);
        Assert.Equal("old b", updated.Modules.Single(m => m.Module == "b").Cells.Single().Evidence);
        Assert.Equal("new c", updated.Modules.Single(m => m.Module == "c").Cells.Single().Evidence);
        Assert.Contains(updated.Pythons, p => p.Version == "3.13.1");
        Assert.True(MatrixGate.Compare(updated, current).Regressed.Single().Name == "b 3.13 isolated");
    }
}
