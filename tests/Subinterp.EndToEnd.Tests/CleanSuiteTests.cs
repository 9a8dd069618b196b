using System.Text.Json.Nodes;
using System.Xml.Linq;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>The real CLI on sample-suites/clean, once per CPython found, against EXPECTED.md and a golden report.</summary>
public sealed class CleanSuiteTests
{
    private static CliRun RunClean(PythonInstallation python, string jobs) => CliRun.Start(
        ["run", RepoPaths.SampleSuite("clean"), "-j", jobs, "--python", python.Executable, "--engine", "unittest",
         "--json", "report.json", "--junit", "junit.xml"]);

    [PythonTheory]
    public void ReportsEveryModuleAndTestAsExpected(PythonInstallation python)
    {
        var run = RunClean(python, "2");

        Assert.True(run.ExitCode == 1, $"test failures only must exit 1; {run.Describe()}");
        var report = run.ReadJson("report.json");
        var expected = ExpectedOutcomes.Load(RepoPaths.SampleSuite("clean"));
        var modules = report["modules"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(expected.ModuleVerdicts.OrderBy(p => p.Key), modules.Select(m => KeyValuePair.Create((string)m["module"]!, (string)m["verdict"]!)).OrderBy(p => p.Key));
        var tests = modules.SelectMany(m => m["tests"]!.AsArray()).Select(t => KeyValuePair.Create((string)t!["id"]!, (string)t["outcome"]!));
        Assert.Equal(expected.TestOutcomes.OrderBy(p => p.Key), tests.OrderBy(p => p.Key));
        Assert.Equal("subinterp-report/1", (string)report["schema"]!);
        Assert.Equal(python.VersionText, (string)report["python"]!["version"]!);
        Assert.Equal("isolated", (string)report["mode"]!);
    }

    [PythonTheory]
    public void ReportMatchesGoldenFile(PythonInstallation python)
    {
        var run = RunClean(python, "2");

        Assert.True(run.ExitCode == 1, run.Describe());
        GoldenFile.Verify(ReportScrubber.Scrub(run.ReadJson("report.json")), GoldenFile.NameFor("CleanSuiteTests.ReportMatchesGoldenFile", python.Version));
    }

    [PythonTheory]
    public void EveryModuleRanInItsOwnInterpreterPinnedToOneCore(PythonInstallation python)
    {
        var run = RunClean(python, "2");

        var modules = run.ReadJson("report.json")["modules"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var interpreters = modules.Select(m => m["interpreter"]!.AsObject()).ToList();
        var ids = interpreters.Select(i => (long)i["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.DoesNotContain(0L, ids); // 0 is the main interpreter
        foreach (var interpreter in interpreters)
        {
            var affinity = interpreter["affinity"]!.AsArray().Select(c => (int)c!).ToList();
            Assert.Equal([(int)interpreter["cpu"]!], affinity);
        }
        // The module that checks for the other's global state passed: nothing carried over.
        Assert.Equal("passed", (string)modules.Single(m => (string)m["module"]! == "isolation.test_b_checks_global")["verdict"]!);
    }

    [PythonTheory]
    public void CapturesOutputCappedAndReadable(PythonInstallation python)
    {
        var run = RunClean(python, "1");

        var tests = run.ReadJson("report.json")["modules"]!.AsArray()
            .Single(m => (string)m!["module"]! == "test_output")!["tests"]!.AsArray().ToDictionary(t => (string)t!["id"]!, t => t!.AsObject());
        var big = (string)tests["test_output.OutputTests.test_prints_five_megabytes"]["stdout"]!;
        Assert.InRange(big.Length, 1, 70 * 1024);
        Assert.Contains("truncated", big);
        Assert.Contains("hello from stdout", (string)tests["test_output.OutputTests.test_prints_to_stdout_and_stderr"]["stdout"]!);
        Assert.Contains("hello from stderr", (string)tests["test_output.OutputTests.test_prints_to_stdout_and_stderr"]["stderr"]!);
        Assert.Contains("\\xff", (string)tests["test_output.OutputTests.test_writes_non_utf8_bytes"]["stdout"]!);
    }

    [PythonTheory]
    public void WritesJUnitThatCiServersAccept(PythonInstallation python)
    {
        var run = RunClean(python, "2");

        var xml = XDocument.Load(Path.Combine(run.WorkDir, "junit.xml"));
        var suites = xml.Root!.Elements("testsuite").ToList();
        Assert.Equal("testsuites", xml.Root.Name.LocalName);
        Assert.Equal(15, suites.Count);
        var failures = suites.Single(s => (string)s.Attribute("name")! == "test_failures");
        Assert.Equal("1", (string)failures.Attribute("failures")!);
        Assert.Equal("1", (string)failures.Attribute("errors")!);
        var failing = failures.Elements("testcase").Single(c => (string)c.Attribute("name")! == "FailureTests.test_assertion_fails");
        Assert.Contains("1 != 2", (string)failing.Element("failure")!.Attribute("message")!);
        var broken = suites.Single(s => (string)s.Attribute("name")! == "broken.test_syntax_error");
        Assert.NotNull(broken.Descendants("error").SingleOrDefault());
        var skipped = suites.Single(s => (string)s.Attribute("name")! == "test_all_skipped");
        Assert.Equal("3", (string)skipped.Attribute("skipped")!);
        Assert.Contains(suites.SelectMany(s => s.Elements("testcase")), c => c.Element("system-out") is not null);
    }
}
