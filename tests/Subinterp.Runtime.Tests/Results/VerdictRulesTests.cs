using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Tests.Results;

public sealed class VerdictRulesTests
{
    private static ModuleResult Module(params TestOutcome[] outcomes) => new()
    {
        Module = "m", Path = "m.py", Mode = InterpreterMode.Isolated,
        Tests = outcomes.Select((o, i) => new TestResult { Id = $"m.t{i}", Outcome = o }).ToList(),
    };

    [Fact]
    public void MostSevereFindingWins()
    {
        var module = Module(TestOutcome.Failed);
        module.Leaks.Add(new LeakFinding("environ", "X set"));
        Assert.Equal(Verdict.Leaked, VerdictRules.Decide(module));
        module.UnsafeImports.Add(new UnsafeImport("readline", "refused"));
        Assert.Equal(Verdict.Unsafe, VerdictRules.Decide(module));
        module.Error = new ModuleError("import", "boom", null);
        Assert.Equal(Verdict.Error, VerdictRules.Decide(module));
        module.Timeout = new TimeoutInfo(5, null, null);
        Assert.Equal(Verdict.TimedOut, VerdictRules.Decide(module));
        module.Crash = new CrashInfo("SIGSEGV", -11, null, null, null, "killed by SIGSEGV");
        Assert.Equal(Verdict.Crashed, VerdictRules.Decide(module));
    }

    [Theory]
    [InlineData(Verdict.Passed, new[] { TestOutcome.Passed, TestOutcome.Xfail, TestOutcome.Skipped })]
    [InlineData(Verdict.Failed, new[] { TestOutcome.Passed, TestOutcome.Xpass })]
    [InlineData(Verdict.Failed, new[] { TestOutcome.Error })]
    [InlineData(Verdict.Skipped, new[] { TestOutcome.Skipped, TestOutcome.Skipped })]
    [InlineData(Verdict.Passed, new TestOutcome[0])]
    public void TestOutcomesDecideTheRest(Verdict expected, TestOutcome[] outcomes)
    {
        Assert.Equal(expected, VerdictRules.Decide(Module(outcomes)));
    }

    [Fact]
    public void FixtureErrorsShowOnTestsNotOnTheModule()
    {
        var module = Module(TestOutcome.Error);
        module.Error = new ModuleError("fixture", "setUpModule failed", null);

        Assert.Equal(Verdict.Failed, VerdictRules.Decide(module));
    }
}
