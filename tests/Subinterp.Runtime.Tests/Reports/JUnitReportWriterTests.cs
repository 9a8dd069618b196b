using System.Xml.Linq;
using Subinterp.Runtime.Reports;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Reports;

public sealed class JUnitReportWriterTests
{
    [Fact]
    public void WritesOneSuitePerModuleWithFindingsAndEscapedOutput()
    {
        using var dir = new TempDirectory();
        var crashed = new ModuleResult
        {
            Module = "pkg.test_crash", Path = "pkg/test_crash.py", Mode = InterpreterMode.Isolated, Verdict = Verdict.Crashed,
            Crash = new CrashInfo("SIGSEGV", -11, "pkg.test_crash.T.test_b", "Fatal Python error: Segmentation fault", null, "killed by SIGSEGV (signal 11)"),
            Tests =
            [
                new TestResult { Id = "pkg.test_crash.T.test_a", Outcome = TestOutcome.Passed, Stdout = "bell \u0007 here" },
                new TestResult { Id = "pkg.test_crash.T.test_b", Outcome = TestOutcome.Crashed, Message = "the worker was killed" },
                new TestResult { Id = "pkg.test_crash.T.test_c", Outcome = TestOutcome.NotRun },
                new TestResult { Id = "pkg.test_crash.T.test_d", Outcome = TestOutcome.Skipped, Message = "later" },
            ],
        };
        var report = new RunReport { Python = new PythonInfo("3.13.0", "/py", "/lib"), Mode = "isolated", Engine = "unittest", Modules = [crashed] };
        var path = dir.Combine("junit.xml");

        JUnitReportWriter.Write(report, path);

        var suite = XDocument.Load(path).Root!.Element("testsuite")!;
        Assert.Equal(("pkg.test_crash", "5", "3", "1"), ((string)suite.Attribute("name")!, (string)suite.Attribute("tests")!, (string)suite.Attribute("errors")!, (string)suite.Attribute("skipped")!));
        var finding = suite.Elements("testcase").First();
        Assert.Equal("<module>", (string)finding.Attribute("name")!);
        Assert.Contains("SIGSEGV", (string)finding.Element("error")!.Attribute("message")!);
        var first = suite.Elements("testcase").Single(c => (string)c.Attribute("name")! == "T.test_a");
        Assert.Equal("pkg.test_crash.T", (string)first.Attribute("classname")!);
        Assert.Equal("bell \\x07 here", (string)first.Element("system-out")!);
    }
}
