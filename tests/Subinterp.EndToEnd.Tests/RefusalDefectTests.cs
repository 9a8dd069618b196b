using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// CPython 3.12's crash after an isolated interpreter refused _datetime or _decimal (gh-117953) is
/// CPython's: a suite whose tests all pass exits 0, says at a glance that every test passed and whose
/// crash it is, and is not run again in a plain process (a process never refuses an extension).
/// On 3.13 and later the same suite simply passes.
/// </summary>
public sealed class RefusalDefectTests
{
    private const string UsesDatetime = """
        import datetime, decimal, unittest

        class Dates(unittest.TestCase):
            def test_add_days(self):
                self.assertEqual((datetime.date(2000, 1, 1) + datetime.timedelta(days=31)).month, 2)

            def test_quarter(self):
                self.assertEqual(decimal.Decimal(3) / 4, decimal.Decimal("0.75"))
        """;

    [PythonTheory]
    public void EveryTestPassedAndTheCrashIsSaidToBeCPythons(PythonInstallation python)
    {
        var suite = TempSuite.Create("refusal-defect", new Dictionary<string, string>
        {
            ["test_dates_a.py"] = UsesDatetime,
            ["test_dates_b.py"] = UsesDatetime,
        });

        var run = CliRun.Start(["run", suite, "-j", "2", "--python", python.Executable, "--json", "report.json"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        var report = run.ReadJson("report.json");
        var lines = run.Stdout.Split('\n');
        if (python.Version < new Version(3, 13))
        {
            foreach (var name in new[] { "test_dates_a", "test_dates_b" })
            {
                var module = ReportModules.Module(report, name);
                Assert.Equal("crashed", (string)module["verdict"]!);
                Assert.Contains("gh-117953", (string)module["crash"]!["reason"]!, StringComparison.Ordinal);
                Assert.All(module["tests"]!.AsArray(), test => Assert.Equal("passed", (string)test!["outcome"]!));
                // Nothing to compare: a process never refuses an extension.
                Assert.Null(module["comparison"]);
                Assert.Contains(lines, line => line.Contains($"CRASHED   {name} (2 passed", StringComparison.Ordinal)
                    && line.EndsWith(": every test passed; the crash is CPython 3.12's refusal defect (gh-117953), not the code's", StringComparison.Ordinal));
            }
            Assert.Contains(lines, line => line.StartsWith("2 modules (2 crashed: every test passed; the crash is CPython 3.12's refusal defect (gh-117953), not the code's); 4 tests in ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, line => line.StartsWith("PROCESS", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(["passed", "passed"], report["modules"]!.AsArray().Select(m => (string)m!["verdict"]!));
        }
    }
}
