using Subinterp.Runner.Progress;
using Subinterp.Runtime;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Tests;

public sealed class SummaryRendererTests
{
    [Fact]
    public void ListsEveryModuleThenWhatWentWrongThenTotals()
    {
        var failing = new ModuleResult
        {
            Module = "test_math", Path = "test_math.py", Mode = InterpreterMode.Isolated, Verdict = Verdict.Failed, DurationMs = 1234,
            Tests =
            [
                new TestResult { Id = "test_math.T.test_add", Outcome = TestOutcome.Passed },
                new TestResult { Id = "test_math.T.test_div", Outcome = TestOutcome.Failed, Message = "AssertionError: 1 != 2\nmore", File = "test_math.py", Line = 12 },
            ],
        };
        var crashed = new ModuleResult
        {
            Module = "test_boom", Path = "test_boom.py", Mode = InterpreterMode.Isolated, Verdict = Verdict.Crashed,
            Crash = new CrashInfo("SIGSEGV", -11, "test_boom.T.test_segv", null, null, "killed by SIGSEGV (signal 11)"),
            Tests = [new TestResult { Id = "test_boom.T.test_segv", Outcome = TestOutcome.Crashed }],
        };
        var modules = new List<ModuleResult> { crashed, failing };
        var report = new RunReport
        {
            Python = new PythonInfo("3.13.0", "/py", "/lib"), Mode = "isolated", Engine = "unittest", Jobs = 2, Modules = modules,
            Summary = RunSummary.Of(modules), DurationMs = 2500,
        };
        ExitPolicy.Default.Apply(report);
        var output = new StringWriter();

        SummaryRenderer.Render(report, output);

        var lines = output.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("failed     test_math ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("1.23s", StringComparison.Ordinal));
        Assert.Contains("CRASHED   test_boom in test_boom.T.test_segv: killed by SIGSEGV (signal 11)", lines);
        Assert.Contains("FAILED    test_math.T.test_div (test_math.py:12): AssertionError: 1 != 2", lines);
        Assert.Contains("2 modules (1 crashed, 1 failed); 3 tests in 2.50 s with CPython 3.13.0, isolated, -j 2", lines);
        Assert.Contains("1 passed, 1 failed, 0 skipped (1 crashed)", lines);
    }
}
