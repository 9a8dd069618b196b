using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Runs;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>Independent runs fold into one matrix that shows, rather than hides, the cells they disagree on.</summary>
public sealed class RunMergeTests
{
    [Fact]
    public void CellsTheRunsAgreeOnAreKeptAndCellsTheyDisagreeOnShowEveryStatusAndTheWorst()
    {
        var first = Cells.Matrix(("a", "3.14.10", "legacy", CellStatus.Leaks, "shared-object: x"), ("b", "3.14.10", "legacy", CellStatus.Ok, "fine"));
        var second = Cells.Matrix(("a", "3.14.10", "legacy", CellStatus.Crashes, "SIGSEGV\nstack"), ("b", "3.14.10", "legacy", CellStatus.Ok, "fine again"));
        var third = Cells.Matrix(("a", "3.14.10", "legacy", CellStatus.Leaks, "shared-object: y"), ("b", "3.14.10", "legacy", CellStatus.Ok, "fine"));

        var merged = RunMerge.Merge([first, second, third]);

        Assert.Equal(3, merged.Runs);
        var a = merged.Modules.Single(m => m.Module == "a").Cells.Single();
        Assert.Equal("crashes", a.Status);
        Assert.Equal([("crashes", 1, "SIGSEGV"), ("leaks", 2, "shared-object: x")], a.Runs!.Select(r => (r.Status, r.Count, r.Evidence)));
        Assert.Equal("SIGSEGV\nstack\n(the 3 runs disagree: crashes in 1, leaks in 2; the most severe is shown)", a.Evidence);
        var b = merged.Modules.Single(m => m.Module == "b").Cells.Single();
        Assert.Null(b.Runs);
        Assert.Equal("fine", b.Evidence);
    }

    [Fact]
    public void OneRunIsItself()
    {
        var only = Cells.Matrix(("a", "3.14.10", "legacy", CellStatus.Ok, "fine"));

        Assert.Same(only, RunMerge.Merge([only]));
    }
}
