using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Packages;
using Subinterp.CompatMatrix.Verdicts;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>One verdict per package and Python, from its modules' cells, naming the cell that decided it.</summary>
public sealed class PackageVerdictsTests
{
    private static MatrixModule Module(string name, string package, params (string Mode, CellStatus Status, string? Category)[] cells) =>
        new(name, "site", [], cells.Select(c => new MatrixCell("3.14.10", c.Mode, c.Status.Name(), "evidence",
            Advice: c.Category is null ? null : new CellAdvice(c.Category, "cause", "action", []))).ToList(), package);

    private static PackageVerdict Verdict(params MatrixModule[] modules)
    {
        var document = new MatrixDocument { Pythons = [new MatrixPython("3.14.10", "/usr/bin/python3.14")], Modes = ["isolated", "legacy"], Modules = modules };
        var packages = modules.Select(m => m.Package!).Distinct().ToDictionary(p => p, p => new PackageResolver.ModulePackage(p, "1.0", null));
        return PackageVerdicts.Of(document, modules.ToDictionary(m => m.Module, m => packages[m.Package!])).Single().Verdicts.Single();
    }

    [Fact]
    public void EveryModuleOkInIsolatedModeIsReady()
    {
        var verdict = Verdict(Module("p._a", "p", ("isolated", CellStatus.Ok, null), ("legacy", CellStatus.Ok, null)),
            Module("p._b", "p", ("isolated", CellStatus.Ok, null), ("legacy", CellStatus.Ok, null)));

        Assert.Equal(PackageVerdicts.ReadyIsolated, verdict.Verdict);
        Assert.Equal("ready for isolated interpreters", verdict.Text);
    }

    [Fact]
    public void RefusedInIsolatedButLoadingWithASharedGilIsSharedGilOnlyAndSaysWhoShares()
    {
        var verdict = Verdict(Module("p._a", "p", ("isolated", CellStatus.Refused, "single-phase-init"), ("legacy", CellStatus.Leaks, "shared-state")),
            Module("p._b", "p", ("isolated", CellStatus.Ok, null), ("legacy", CellStatus.Ok, null)));

        Assert.Equal(PackageVerdicts.SharedGilOnly, verdict.Verdict);
        Assert.Equal("p._a", verdict.Module);
        Assert.Equal("isolated", verdict.Mode);
        Assert.Contains("p._a shares state between interpreters", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusedEvenWithASharedGilRefusesSubinterpreters()
    {
        var verdict = Verdict(Module("p._core", "p", ("isolated", CellStatus.Refused, "toolchain-refuses"), ("legacy", CellStatus.Refused, "toolchain-refuses")),
            Module("p._ext", "p", ("isolated", CellStatus.Broken, "dependency-refused"), ("legacy", CellStatus.Broken, "dependency-refused")));

        Assert.Equal(PackageVerdicts.Refuses, verdict.Verdict);
        Assert.Equal("refuses subinterpreters", verdict.Text);
        Assert.Equal("legacy", verdict.Mode);
    }

    [Fact]
    public void ACrashDecidesAndCellsThatFailInAPlainProcessDoNotCount()
    {
        Assert.Equal(PackageVerdicts.Crashes, Verdict(Module("p._a", "p", ("isolated", CellStatus.Refused, "declares-not-supported"), ("legacy", CellStatus.Crashes, "crash"))).Verdict);

        var verdict = Verdict(Module("p._a", "p", ("isolated", CellStatus.Ok, null), ("legacy", CellStatus.Ok, null)),
            Module("p.tests._helper", "p", ("isolated", CellStatus.Broken, "fails-in-plain-process"), ("legacy", CellStatus.Broken, "fails-in-plain-process")));
        Assert.Equal(PackageVerdicts.ReadyIsolated, verdict.Verdict);
    }
}
