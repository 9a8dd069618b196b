using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime.Results;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>An ok cell claims only the checks that were made, and names the others with why (issue 18, item 5).</summary>
public sealed class ChecksMadeTests
{
    [Fact]
    public void WhenEveryCheckWasMadeTheCellSaysSoAndNamesOnlyTheLifecycleMeter()
    {
        var judgement = CellJudge.Judge("m", Probes.Clean("m"));

        Assert.Equal(CellStatus.Ok, judgement.Status);
        Assert.Contains("no object shared between interpreters, no state carried over, no change to the process", judgement.Evidence, StringComparison.Ordinal);
        Assert.Equal([$"{ChecksMade.Lifecycles}: not measured (--lifecycles 4 or more measures it)"], ChecksMade.NotMade("m", Probes.Clean("m")));
    }

    [Fact]
    public void ACrossCheckTheProbeInterpreterCouldNotMakeIsNamedNotClaimed()
    {
        var why = "it could not be imported again in a second interpreter (ImportError: nope)";
        var probes = new List<ProbeResult>
        {
            Probes.Passed("m", checks: [new CrossCheck("m", CrossCheck.SharedObject, why), new CrossCheck("m", CrossCheck.CarryOver, why)]),
        };

        var judgement = CellJudge.Judge("m", probes);

        Assert.Equal(CellStatus.Ok, judgement.Status);
        Assert.DoesNotContain("no object shared", judgement.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("no state carried over", judgement.Evidence, StringComparison.Ordinal);
        var missing = ChecksMade.NotMade("m", probes);
        Assert.Contains($"{ChecksMade.SharedObjects}: not checked, {why}", missing);
        Assert.Contains($"{ChecksMade.CarryOver}: not checked, {why}", missing);
        Assert.Contains(missing, m => m.StartsWith(ChecksMade.SameMoment + ": not run", StringComparison.Ordinal));
    }

    [Fact]
    public void AModuleNoProbeInterpreterReportedOnIsNotClaimedEither()
    {
        var probes = new List<ProbeResult> { Probes.Passed("m") };

        Assert.DoesNotContain("no object shared", CellJudge.Judge("m", probes).Evidence, StringComparison.Ordinal);
        Assert.Contains($"{ChecksMade.SharedObjects}: not checked, no probe interpreter reported on m (built-in modules are not compared across interpreters, nor is a module the probe did not see load)", ChecksMade.NotMade("m", probes));
    }

    [Fact]
    public void ConcurrentCopiesThatDidNotMeetAreNamed()
    {
        var probes = new List<ProbeResult>
        {
            Probes.Passed("m", checks: Probes.BothChecksMade("m")),
            Probes.Passed("m", ProbeKind.Concurrent, 0, Probes.BothChecksMade("m"), skipped: ProbeSource.AloneMessage),
        };

        Assert.Contains(ChecksMade.NotMade("m", probes), m => m.StartsWith(ChecksMade.SameMoment + ": the two copies did not meet", StringComparison.Ordinal));
    }

    [Fact]
    public void AModuleAlreadyLoadedWhenTheInterpreterStartedIsSaidToBeOutsideTheCrossChecks()
    {
        var probes = new List<ProbeResult> { Probes.Passed("_json", checks: Probes.BothChecksMade("_json"), skipped: ProbeSource.PreloadedMessage) };

        Assert.DoesNotContain("no object shared", CellJudge.Judge("_json", probes).Evidence, StringComparison.Ordinal);
        Assert.Contains(ChecksMade.NotMade("_json", probes), m => m.Contains("was already loaded when each interpreter started", StringComparison.Ordinal));
    }

    [Fact]
    public void ACrashBesideAnotherModulesProbeIsNotCountedAgainstThisOne()
    {
        var probes = Probes.Clean("psutil").Append(Probes.Crashed("psutil", ProbeKind.Again, beside: ["orjson"])).ToList();

        var judgement = CellJudge.Judge("psutil", probes);

        Assert.Equal(CellStatus.Ok, judgement.Status);
        Assert.Contains("not counted against it: the worker crashed while it was imported again in fresh interpreter #2 beside a probe of orjson", judgement.Evidence, StringComparison.Ordinal);
        Assert.Equal(CellStatus.Crashes, CellJudge.Judge("orjson", [Probes.Crashed("orjson", ProbeKind.Again, beside: ["orjson"])]).Status);
        Assert.Equal(CellStatus.Crashes, CellJudge.Judge("orjson", [Probes.Crashed("orjson", ProbeKind.Again)]).Status);
    }
}
