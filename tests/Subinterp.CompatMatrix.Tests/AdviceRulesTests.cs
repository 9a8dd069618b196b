using Subinterp.CompatMatrix.Advice;
using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Probing;
using Subinterp.CompatMatrix.Toolchains;
using Subinterp.Runtime.Results;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>
/// Every cell that is not ok gets advice: its category from what was observed and declared, the
/// toolchain's own way out where it has one, and public sources (the refusal messages are the real
/// ones the Debian sid matrix met).
/// </summary>
public sealed class AdviceRulesTests
{
    private static readonly ModuleDeclaration SinglePhase = new("3.14.10", "single-phase", null, null);
    private static readonly ModuleDeclaration NoSlot = new("3.14.10", "multi-phase", null, null);
    private static readonly ModuleDeclaration NotSupported = new("3.14.10", "multi-phase", "not-supported", "used");
    private static readonly ModuleDeclaration Unknown = new("3.14.10", Declarations.Unknown, null, null);
    private static readonly ModuleDeclaration PerGil = new("3.14.10", "multi-phase", "per-interpreter-gil-supported", null);

    private static ModuleToolchain Toolchain(string name, string? version = null) => new(name, version, "test");

    private static CellAdvice Advise(IReadOnlyList<ProbeResult> probes, ModuleDeclaration declaration, ModuleToolchain? toolchain, string mode = "isolated") =>
        AdviceRules.For(CellJudge.Judge("m", probes), declaration, toolchain, mode) ?? throw new InvalidOperationException("no advice");

    [Fact]
    public void ASinglePhaseModuleRefusedByCPythonIsToldToPortToMultiPhaseInit()
    {
        var advice = Advise([Probes.Refused("m", "module m does not support loading in subinterpreters")], SinglePhase, Toolchain(ToolchainDetector.HandWrittenC));

        Assert.Equal(AdviceRules.SinglePhaseInit, advice.Category);
        Assert.Contains("multi-phase init (PEP 489)", advice.Action, StringComparison.Ordinal);
        Assert.Contains(Sources.MultiPhaseInit, advice.Sources);
        Assert.Equal(advice.Sources.Distinct().Count(), advice.Sources.Count);
    }

    [Fact]
    public void AMultiPhaseModuleWithoutTheSlotIsToldToDeclarePerInterpreterGilSupport()
    {
        var advice = Advise([Probes.Refused("m", "module m does not support loading in subinterpreters")], NoSlot, Toolchain(ToolchainDetector.HandWrittenC));

        Assert.Equal(AdviceRules.NoMultipleInterpretersSlot, advice.Category);
        Assert.Contains("Py_MOD_PER_INTERPRETER_GIL_SUPPORTED", advice.Action, StringComparison.Ordinal);
        Assert.Contains(Sources.MultipleInterpretersSlot, advice.Sources);
    }

    [Fact]
    public void PyO3sRefusalNamesPyO3AndItsIssueNotThePackage()
    {
        var advice = Advise([Probes.Refused("m", ToolchainDetector.PyO3Refusal + ", see https://github.com/PyO3/pyo3/issues/576")], NoSlot,
            Toolchain(ToolchainDetector.PyO3, "0.28.2"), "legacy");

        Assert.Equal(AdviceRules.ToolchainRefuses, advice.Category);
        Assert.Contains("PyO3 0.28.2", advice.Cause, StringComparison.Ordinal);
        Assert.Contains(Sources.PyO3Issue, advice.Sources);
        Assert.Contains(Sources.PyO3Tracking, advice.Sources);
    }

    [Fact]
    public void CythonsRefusalNamesItsDirectiveAndMacro()
    {
        var advice = Advise([Probes.Refused("m", AdviceRules.CythonRefusal + ".")], NoSlot, Toolchain(ToolchainDetector.Cython, "3.1.6"), "legacy");

        Assert.Equal(AdviceRules.ToolchainRefuses, advice.Category);
        Assert.Contains("subinterpreters_compatible=own_gil", advice.Action, StringComparison.Ordinal);
        Assert.Contains("CYTHON_USE_MODULE_STATE", advice.Action, StringComparison.Ordinal);
        Assert.Contains(Sources.CythonDirectives, advice.Sources);
    }

    [Fact]
    public void NumPysOwnOptOutIsTheModuleRefusing()
    {
        var advice = Advise([Probes.Refused("m", "cannot load module more than once per process")], Unknown, Toolchain(ToolchainDetector.HandWrittenCpp), "legacy");

        Assert.Equal(AdviceRules.ModuleRefuses, advice.Category);
        Assert.Contains(Sources.HowtoOptOut, advice.Sources);
    }

    [Fact]
    public void ANanobindModuleIsSaidToBeRefusedByItsToolchainsDeclaration()
    {
        var advice = Advise([Probes.Refused("m", "module m does not support loading in subinterpreters")], NotSupported with { Gil = null }, Toolchain(ToolchainDetector.Nanobind));

        Assert.Equal(AdviceRules.DeclaresNotSupported, advice.Category);
        Assert.Contains("nanobind declares that for every module it builds", advice.Cause, StringComparison.Ordinal);
        Assert.Contains(Sources.NanobindSlot, advice.Sources);
    }

    [Fact]
    public void ACrashInLegacyModeOfAModuleDeclaringNoSupportSaysTheDeclarationIsNotEnforcedThere()
    {
        var advice = Advise([Probes.Crashed("m", ProbeKind.Again)], NotSupported, Toolchain(ToolchainDetector.PyO3Ffi, "0.28.2"), "legacy");

        Assert.Equal(AdviceRules.Crash, advice.Category);
        Assert.Contains("a legacy one loads it anyway", advice.Cause, StringComparison.Ordinal);
        Assert.Contains("reproducer", advice.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedObjectsGetTheHeapTypesAndModuleStateAdvice()
    {
        var leaking = Probes.Passed("m", checks: Probes.BothChecksMade("m"));
        leaking.Result.Leaks.Add(new LeakFinding("shared-object", "m.Counter (type) is one object shared by two live interpreters"));

        var advice = Advise([leaking], PerGil, Toolchain(ToolchainDetector.HandWrittenC), "legacy");

        Assert.Equal(AdviceRules.SharedState, advice.Category);
        Assert.Contains(Sources.HowtoHeapTypes, advice.Sources);
    }

    [Fact]
    public void AProcessChangeGetsTheGlobalStateAdvice()
    {
        var leaking = Probes.Passed("m", checks: Probes.BothChecksMade("m"));
        leaking.Result.Leaks.Add(new LeakFinding("signal", "SIGWINCH handler changed"));

        var advice = Advise([leaking], PerGil, null, "legacy");

        Assert.Equal(AdviceRules.ProcessChange, advice.Category);
        Assert.Contains(Sources.HowtoGlobalState, advice.Sources);
    }

    [Fact]
    public void ARefusedDependencyPointsAtThatDependency()
    {
        var broken = Probes.Refused("dep", "module dep does not support loading in subinterpreters");

        var advice = AdviceRules.For(CellJudge.Judge("m", [broken]), NoSlot, null, "isolated")!;

        Assert.Equal(AdviceRules.DependencyRefused, advice.Category);
        Assert.Contains("dep", advice.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void APackagesKnownUpstreamWorkIsNamedAndCited()
    {
        var advice = AdviceRules.For(CellJudge.Judge("m", [Probes.Refused("m", "cannot load module more than once per process")]), Unknown, null, "legacy", "numpy")!;

        Assert.Contains("numpy/numpy#24755", advice.Action, StringComparison.Ordinal);
        Assert.Contains("https://github.com/numpy/numpy/issues/24755", advice.Sources);
    }

    [Fact]
    public void AnOkCellHasNoAdvice() =>
        Assert.Null(AdviceRules.For(CellJudge.Judge("m", Probes.Clean("m")), PerGil, null, "isolated"));

    [Fact]
    public void EverySourceIsAPublicHttpsPage()
    {
        var sources = typeof(Sources).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.StartsWith("https://", source, StringComparison.Ordinal));
    }
}
