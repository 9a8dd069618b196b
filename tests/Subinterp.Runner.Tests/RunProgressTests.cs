using Subinterp.Runner.Progress;
using Subinterp.Runtime;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Tests;

public sealed class RunProgressTests
{
    private static readonly PythonInstallation Python = new(new Version(3, 13, 0), "3.13.0", "/py", "/lib", "/", "/", Shared: true, FreeThreaded: false, "test");

    private static TestModule Module(string name) => new(name, $"/suite/{name}.py", "/suite", $"{name}.py");

    private DateTime _now = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private (RunProgress Progress, RunPlan Plan) Start(IReadOnlyDictionary<string, double> remembered, params string[] names)
    {
        var plan = new RunPlan(new RunOptions { Paths = ["/suite"], Jobs = 2 }, Python, "unittest", [.. names.Select(Module)]) { Remembered = remembered };
        var progress = new RunProgress(() => _now);
        progress.Started(plan);
        return (progress, plan);
    }

    private static ModuleFinish Finished(string name, int slot, double ms) =>
        new(Module(name), InterpreterMode.Isolated, slot, new ModuleResult { Module = name, Path = $"{name}.py", Mode = InterpreterMode.Isolated, DurationMs = ms }, Final: true);

    [Fact]
    public void EstimatesTheTimeLeftFromRememberedDurationsSharedOverTheSlots()
    {
        var remembered = new Dictionary<string, double> { ["/suite/a.py"] = 60_000, ["/suite/b.py"] = 20_000, ["/suite/c.py"] = 20_000 };
        var (progress, _) = Start(remembered, "a", "b", "c");
        progress.ModuleStarted(new ModuleStart(Module("a"), InterpreterMode.Isolated, 0, 1));
        progress.ModuleStarted(new ModuleStart(Module("b"), InterpreterMode.Isolated, 1, 1));
        _now += TimeSpan.FromSeconds(10);

        // a: 50 s more, b: 10 s more, c: 20 s; over 2 slots.
        Assert.Equal(TimeSpan.FromSeconds(40), progress.Left);
        Assert.Equal(("a", TimeSpan.FromSeconds(10)), progress.Slowest);
        Assert.Equal("0/3 modules, 0:10 elapsed, about 0:40 left, slowest now: a (10 s)", progress.Describe());

        progress.ModuleFinished(Finished("b", 1, 10_000));
        Assert.Equal(1, progress.Done);
        Assert.Equal(TimeSpan.FromSeconds(35), progress.Left);
    }

    [Fact]
    public void WithoutRememberedDurationsTheEstimateWaitsForTheFirstModule()
    {
        var (progress, _) = Start(new Dictionary<string, double>(), "a", "b", "c", "d");
        Assert.Null(progress.Left);
        Assert.Contains("time left unknown", progress.Describe());

        progress.ModuleStarted(new ModuleStart(Module("a"), InterpreterMode.Isolated, 0, 1));
        _now += TimeSpan.FromSeconds(4);
        progress.ModuleFinished(Finished("a", 0, 4_000));

        // Three modules of about 4 s each over two slots.
        Assert.Equal(TimeSpan.FromSeconds(6), progress.Left);
        Assert.Null(progress.Slowest);
    }

    [Fact]
    public void ClockReadsMinutesAndHours()
    {
        Assert.Equal("0:07", RunProgress.Clock(TimeSpan.FromSeconds(7)));
        Assert.Equal("12:30", RunProgress.Clock(TimeSpan.FromSeconds(750)));
        Assert.Equal("1:02:03", RunProgress.Clock(new TimeSpan(1, 2, 3)));
    }

    [Fact]
    public void AModuleWellPastItsLastRunIsOverdueAndTheStatusSaysSo()
    {
        var remembered = new Dictionary<string, double> { ["/suite/a.py"] = 4_000, ["/suite/b.py"] = 60_000 };
        var (progress, _) = Start(remembered, "a", "b");
        progress.ModuleStarted(new ModuleStart(Module("a"), InterpreterMode.Isolated, 0, 1));
        progress.ModuleStarted(new ModuleStart(Module("b"), InterpreterMode.Isolated, 1, 1));

        // Twice its time is load on the machine, not yet a finding; 10 s over it and more than twice is.
        _now += TimeSpan.FromSeconds(13);
        Assert.Empty(progress.Overdue);
        _now += TimeSpan.FromSeconds(2);
        var overdue = Assert.Single(progress.Overdue);
        Assert.Equal(("a", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(4)), (overdue.Module.Name, overdue.For, overdue.Typical));
        Assert.EndsWith("slowest now: a (15 s, usually 4 s)", progress.Describe());
        Assert.Equal("20:00 (--timeout)", progress.Limit);
    }

    [Fact]
    public void TheLineViewTellsAnOverdueModuleOnceAndOnItsResultLine()
    {
        var output = new StringWriter();
        using var lines = new LineProgress(output, () => _now);
        var plan = new RunPlan(new RunOptions { Paths = ["/suite"], Jobs = 1 }, Python, "unittest", [Module("a")]) { Remembered = new Dictionary<string, double> { ["/suite/a.py"] = 2_000 } };
        lines.RunStarted(plan);
        lines.ModuleStarted(new ModuleStart(Module("a"), InterpreterMode.Isolated, 0, 1));

        _now += TimeSpan.FromSeconds(45);
        lines.TellOverdue();
        lines.TellOverdue();
        lines.ModuleFinished(Finished("a", 0, 45_000));

        var text = output.ToString();
        Assert.Contains("[   slow] a has run 0:45, usually 0:02 (its last run here); it is stopped at 20:00 (--timeout)\n", text.ReplaceLineEndings("\n"));
        Assert.Single(text.Split('\n'), line => line.Contains("has run", StringComparison.Ordinal));
        Assert.Contains("PASSED    a (no tests, 45000 ms, usually 2000 ms)", text);
    }
}
