using Subinterp.Runtime;
using Subinterp.Runtime.Results;
using Subinterp.TestAdapter.Mapping;
using VsOutcome = Microsoft.VisualStudio.TestPlatform.ObjectModel.TestOutcome;
using VsMessage = Microsoft.VisualStudio.TestPlatform.ObjectModel.TestResultMessage;

namespace Subinterp.Adapter.Tests.Mapping;

public sealed class ResultMapperTests
{
    private static readonly RunTraits Traits = new("unittest", "isolated", "3.13.0");
    private static readonly Timing Times = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero));

    private static ModuleResult Module(params TestResult[] tests) => new()
    {
        Module = "test_mod", Path = "test_mod.py", Mode = InterpreterMode.Isolated, Tests = [.. tests], DurationMs = 40,
    };

    private static Microsoft.VisualStudio.TestPlatform.ObjectModel.TestResult Map(TestResult test, ModuleResult? module = null) =>
        ResultMapper.ForTest(TestCaseFactory.ForTest("/bin/T.dll", "test_mod", test.Id, null, null, Traits), test, module ?? Module(test), Times, bothModes: false);

    [Fact]
    public void XfailPassesAndSaysItFailedAsExpected()
    {
        var result = Map(new TestResult { Id = "test_mod.T.test_a", Outcome = TestOutcome.Xfail, Message = "AssertionError: 1 != 2" });

        Assert.Equal(VsOutcome.Passed, result.Outcome);
        Assert.Contains(result.Messages, m => m.Text!.Contains("xfail: failed as expected (AssertionError: 1 != 2)"));
    }

    [Fact]
    public void XpassFails()
    {
        var result = Map(new TestResult { Id = "test_mod.T.test_a", Outcome = TestOutcome.Xpass, Message = "unexpected success" });

        Assert.Equal(VsOutcome.Failed, result.Outcome);
        Assert.StartsWith("xpass: passed, but was expected to fail", result.ErrorMessage);
    }

    [Fact]
    public void SkippedCarriesItsReason()
    {
        var result = Map(new TestResult { Id = "test_mod.T.test_a", Outcome = TestOutcome.Skipped, Message = "needs a GPU" });

        Assert.Equal(VsOutcome.Skipped, result.Outcome);
        Assert.Equal("needs a GPU", result.ErrorMessage);
    }

    [Fact]
    public void FailureKeepsMessageAndTraceback()
    {
        var result = Map(new TestResult { Id = "test_mod.T.test_a", Outcome = TestOutcome.Error, Message = "ValueError: boom", Traceback = "Traceback ...\nValueError: boom" });

        Assert.Equal(VsOutcome.Failed, result.Outcome);
        Assert.Equal("error: ValueError: boom", result.ErrorMessage);
        Assert.Equal("Traceback ...\nValueError: boom", result.ErrorStackTrace);
    }

    [Fact]
    public void NotRunTestNamesTheSignalAndTheCulpritWithTheTraceback()
    {
        var crashed = new TestResult { Id = "test_mod.T.test_b", Outcome = TestOutcome.Crashed, Message = "the worker was killed by SIGSEGV (signal 11)" };
        var lost = new TestResult { Id = "test_mod.T.test_c", Outcome = TestOutcome.NotRun, Message = "not run: the worker was killed by SIGSEGV (signal 11)" };
        var module = Module(crashed, lost);
        module.Crash = new CrashInfo("SIGSEGV", -11, "test_mod.T.test_b", "Fatal Python error: Segmentation fault\n  File \"test_mod.py\", line 9", null, "the worker was killed by SIGSEGV (signal 11)");

        var lostResult = Map(lost, module);
        var crashedResult = Map(crashed, module);

        Assert.Equal(VsOutcome.Failed, lostResult.Outcome);
        Assert.Equal("not run: the worker was killed by SIGSEGV (signal 11); the crash was in test_mod.T.test_b", lostResult.ErrorMessage);
        Assert.Contains("Segmentation fault", lostResult.ErrorStackTrace);
        Assert.Equal(VsOutcome.Failed, crashedResult.Outcome);
        Assert.Equal("crashed: the worker was killed by SIGSEGV (signal 11)", crashedResult.ErrorMessage);
    }

    [Fact]
    public void OutputGoesToTheStandardStreamsBounded()
    {
        var big = new string('x', ResultMapper.MaxOutputChars + 10);
        var result = Map(new TestResult { Id = "test_mod.T.test_a", Outcome = TestOutcome.Passed, Stdout = big, Stderr = "warning\n" });

        var stdout = Assert.Single(result.Messages, m => m.Category == VsMessage.StandardOutCategory);
        Assert.StartsWith(new string('x', ResultMapper.MaxOutputChars) + "\n[Subinterp: 10 more characters not shown]", stdout.Text);
        Assert.Equal("warning\n", Assert.Single(result.Messages, m => m.Category == VsMessage.StandardErrorCategory).Text);
    }

    [Fact]
    public void StartEndAndDurationAreTheRealOnes()
    {
        var result = Map(new TestResult { Id = "test_mod.T.test_a", Outcome = TestOutcome.Passed, DurationMs = 250 });

        Assert.Equal(Times.Start, result.StartTime);
        Assert.Equal(Times.End, result.EndTime);
        Assert.Equal(TimeSpan.FromMilliseconds(250), result.Duration);
    }

    [Fact]
    public void BothModesNameTheModeOnEachResult()
    {
        var test = new TestResult { Id = "test_mod.T.test_a", Outcome = TestOutcome.Passed };
        var module = Module(test);
        var result = ResultMapper.ForTest(TestCaseFactory.ForTest("/bin/T.dll", "test_mod", test.Id, null, null, Traits), test, module, Times, bothModes: true);

        Assert.Equal("test_mod.T.test_a [isolated]", result.DisplayName);
    }

    [Fact]
    public void CrashedIsolationCaseNamesTheTestAndCarriesTheTraceback()
    {
        var module = Module();
        module.Crash = new CrashInfo("SIGSEGV", -11, "test_mod.T.test_b", "Fatal Python error: Segmentation fault", "stderr tail", "the worker was killed by SIGSEGV (signal 11)");
        module.Verdict = VerdictRules.Decide(module);

        var result = ResultMapper.ForIsolation(TestCaseFactory.ForIsolation("/bin/T.dll", "test_mod", null, Traits), module, Times, bothModes: false);

        Assert.Equal(VsOutcome.Failed, result.Outcome);
        Assert.Equal("CRASHED test_mod in test_mod.T.test_b: the worker was killed by SIGSEGV (signal 11)", result.ErrorMessage);
        Assert.Contains("Fatal Python error: Segmentation fault", result.ErrorStackTrace);
        Assert.Contains("stderr tail", result.ErrorStackTrace);
    }

    [Fact]
    public void SharedGilImportIsInformationOnAPassingIsolationCase()
    {
        var module = Module();
        module.SharedGilImports = [new SharedGilImport("readline", "single-phase init", "test_mod")];
        module.Verdict = VerdictRules.Decide(module);

        var result = ResultMapper.ForIsolation(TestCaseFactory.ForIsolation("/bin/T.dll", "test_mod", null, Traits), module, Times, bothModes: false);

        Assert.Equal(VsOutcome.Passed, result.Outcome);
        Assert.Contains(result.Messages, m => m.Text!.Contains("readline loaded only because the GIL is shared"));
    }

    [Theory]
    [InlineData(Verdict.Passed, VsOutcome.Passed)]
    [InlineData(Verdict.Failed, VsOutcome.Passed)]
    [InlineData(Verdict.Skipped, VsOutcome.Passed)]
    [InlineData(Verdict.Leaked, VsOutcome.Failed)]
    [InlineData(Verdict.Unsafe, VsOutcome.Failed)]
    [InlineData(Verdict.Error, VsOutcome.Failed)]
    [InlineData(Verdict.TimedOut, VsOutcome.Failed)]
    [InlineData(Verdict.Crashed, VsOutcome.Failed)]
    public void IsolationCaseFailsForIsolationFindingsAndErrorsOnly(Verdict verdict, VsOutcome expected)
    {
        var module = Module();
        module.Verdict = verdict;
        var result = ResultMapper.ForIsolation(TestCaseFactory.ForIsolation("/bin/T.dll", "test_mod", null, Traits), module, Times, bothModes: false);

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void LeakedIsolationCaseSaysWhatLeaked()
    {
        var module = Module();
        module.Leaks.Add(new LeakFinding("environ", "SUBINTERP_LEAKY_ENVIRON set to '1' (was unset)"));
        module.Verdict = VerdictRules.Decide(module);

        var result = ResultMapper.ForIsolation(TestCaseFactory.ForIsolation("/bin/T.dll", "test_mod", null, Traits), module, Times, bothModes: false);

        // The runtime's wording of the finding, as the console says it.
        Assert.Equal(VsOutcome.Failed, result.Outcome);
        Assert.Equal("LEAKED test_mod: environ: SUBINTERP_LEAKY_ENVIRON set to '1' (was unset)", result.ErrorMessage);
    }
}
