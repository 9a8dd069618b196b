using Subinterp.Runtime.Reports;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Tests.Reports;

public sealed class GitHubOutputTests
{
    [Fact]
    public void WorkflowCommandsEscapeWhatGitHubUnescapes()
    {
        var line = WorkflowCommand.Format("error", [("file", "a,b:c.py"), ("line", "3"), ("title", "50% done\r\nreally")], "line one\n::error::forged%");

        Assert.Equal("::error file=a%2Cb%3Ac.py,line=3,title=50%25 done%0D%0Areally::line one%0A::error::forged%25", line);
        Assert.DoesNotContain('\n', line);
        Assert.Equal("::notice::x", WorkflowCommand.Format("notice", [("file", null)], "x"));
    }

    private static ModuleResult Failing(string name, int tests) => new()
    {
        Module = name, Path = $"{name}.py", Mode = InterpreterMode.Isolated, Verdict = Verdict.Failed,
        Tests = [.. Enumerable.Range(0, tests).Select(i => new TestResult { Id = $"{name}.T.test_{i}", Outcome = TestOutcome.Failed, Message = $"boom {i}", File = $"{name}.py", Line = 10 + i })],
    };

    private static RunReport Report(params ModuleResult[] modules) => new()
    {
        Python = new PythonInfo("3.13.0", "/py", null), Mode = "isolated", Engine = "unittest", Jobs = 2, Modules = [.. modules], Summary = RunSummary.Of(modules),
    };

    [Fact]
    public void FindingsComeFirstAndTheCountIsBoundedWithANotice()
    {
        var crashed = new ModuleResult
        {
            Module = "test_boom", Path = "test_boom.py", Mode = InterpreterMode.Isolated, Verdict = Verdict.Crashed,
            Crash = new CrashInfo("SIGSEGV", -11, "test_boom.T.test_segv", "Fatal Python error: Segmentation fault\n\nCurrent thread 0x1 (most recent call first):\n  File \"/x/tests/test_boom.py\", line 7 in test_segv\n  File \"/x/tests/helper.py\", line 2 in main",
                null, "the worker was killed by SIGSEGV (signal 11)"),
            Tests = [new TestResult { Id = "test_boom.T.test_segv", Outcome = TestOutcome.Crashed }],
        };
        var report = Report(Failing("test_a", 12), crashed);

        var annotations = GitHubAnnotations.Of(report, (module, file) => $"tests/{file}");

        Assert.Equal(GitHubAnnotations.Limit + 1, annotations.Count);
        Assert.StartsWith("::error file=tests/test_boom.py,line=7,title=CRASHED test_boom crashes the interpreter::CRASHED   test_boom in test_boom.T.test_segv", annotations[0]);
        Assert.StartsWith("::error file=tests/test_a.py,line=10,title=FAILED test_a.T.test_0::boom 0", annotations[1]);
        Assert.Equal("::notice title=subinterp::3 more finding(s) and failure(s) are not annotated (GitHub shows 10 per step): see the job summary and the JSON, JUnit or HTML report.", annotations[^1]);
    }

    [Fact]
    public void AFileOutsideTheWorkspaceHasNoFileOrLine()
    {
        var annotations = GitHubAnnotations.Of(Report(Failing("test_a", 1)), (_, _) => null);

        Assert.Equal("::error title=FAILED test_a.T.test_0::boom 0", Assert.Single(annotations));
    }

    [Fact]
    public void TracebackLinesAreReadInTheirOrder()
    {
        Assert.Equal(7, GitHubAnnotations.LineIn("Current thread 0x1 (most recent call first):\n  File \"/r/pkg/test_x.py\", line 7 in f\n  File \"/r/pkg/test_x.py\", line 3 in g", "pkg/test_x.py"));
        Assert.Equal(9, GitHubAnnotations.LineIn("Traceback (most recent call last):\n  File \"/r/test_x.py\", line 4, in g\n  File \"/r/test_x.py\", line 9, in f", "test_x.py"));
        Assert.Null(GitHubAnnotations.LineIn("File \"/r/other_test_x.py\", line 4", "test_x.py"));
    }

    [Fact]
    public void TheStepSummaryEscapesReportText()
    {
        var module = Failing("test_a", 1);
        module.Tests[0].Message = "<script>x</script> | *bold* [link](http://e) `code`\nsecond line";

        var summary = GitHubStepSummary.Of(Report(module));

        Assert.Contains("| failed | test\\_a.T.test\\_0 | &lt;script&gt;x&lt;/script&gt; \\| \\*bold\\* \\[link\\](http://e) \\`code\\` |", summary);
        Assert.DoesNotContain("<script>", summary);
        Assert.Contains("**Exit code 0: everything passed.**", summary);
    }
}
