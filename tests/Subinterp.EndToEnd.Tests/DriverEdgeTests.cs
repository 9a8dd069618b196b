using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// What the driver must never get wrong, found when the runner was tried on real suites: tests the
/// unittest engine cannot run are reported, not dropped; tests that never ran are not-run, not
/// skipped; a subtest that cannot be printed does not fail its module; --pattern reaches load_tests;
/// the driver's audit hook still works while an interpreter ends, after module globals are cleared.
/// </summary>
public sealed class DriverEdgeTests
{
    private static readonly Lazy<string> Suite = new(() => TempSuite.Create("driver-edges", new Dictionary<string, string>
    {
        ["test_fixture_function.py"] = """
            def test_plain():
                assert True

            def test_needs_a_fixture(tmp_path, capsys):
                assert tmp_path
            """,
        ["test_stops_early.py"] = """
            import unittest

            class Stops(unittest.TestCase):
                def test_1_interrupts(self):
                    raise KeyboardInterrupt

                def test_2_never_runs(self):
                    pass
            """,
        ["test_unprintable_subtest.py"] = """
            import unittest

            class Huge(unittest.TestCase):
                def test_param_too_long_to_print(self):
                    with self.subTest(n=10 ** 5000):
                        self.assertTrue(True)
            """,
        ["test_late_finalizer.py"] = """
            import os
            import unittest

            class Late:
                def __del__(self, listdir=os.listdir):
                    listdir(".")

            # Held by a module the interpreter imported before the driver: destroyed at its very
            # end, once the driver's own modules have had their globals cleared.
            os.subinterp_late_finalizer = Late()

            class T(unittest.TestCase):
                def test_a(self):
                    self.assertTrue(True)
            """,
        ["check_pattern.py"] = """
            import unittest

            SEEN = []

            class Pattern(unittest.TestCase):
                def test_load_tests_got_the_pattern(self):
                    self.assertEqual(SEEN, ["check_*.py"])

            def load_tests(loader, tests, pattern):
                SEEN.append(pattern)
                return tests
            """,
    }));

    [PythonTheory]
    public void WhatTheUnittestEngineCannotRunIsReportedAndNeverRanIsNotRun(PythonInstallation python)
    {
        var run = CliRun.Start(["run", Suite.Value, "--python", python.Executable, "--engine", "unittest", "--json", "r.json", "-j", "2"]);

        var report = run.ReadJson("r.json");
        var fixture = Test(report, "test_fixture_function", "test_fixture_function.test_needs_a_fixture");
        Assert.Equal("error", (string)fixture["outcome"]!);
        Assert.Contains("takes pytest fixture(s) tmp_path, capsys", (string)fixture["message"]!);
        Assert.Contains("--engine pytest", (string)fixture["message"]!);
        Assert.Equal("passed", (string)Test(report, "test_fixture_function", "test_fixture_function.test_plain")["outcome"]!);

        Assert.Equal("not-run", (string)Test(report, "test_stops_early", "test_stops_early.Stops.test_2_never_runs")["outcome"]!);

        var huge = ReportModules.Module(report, "test_unprintable_subtest");
        Assert.Equal("passed", ReportModules.Verdict(huge));
        Assert.Null(huge["error"]);
        Assert.True(run.ExitCode == 1, run.Describe());
    }

    [PythonTheory]
    public void PatternReachesLoadTests(PythonInstallation python)
    {
        var run = CliRun.Start(["run", Suite.Value, "--python", python.Executable, "--pattern", "check_*.py", "--json", "r.json"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal("passed", ReportModules.Verdict(ReportModules.Module(run.ReadJson("r.json"), "check_pattern")));
    }

    [PythonTheory]
    public void AnAuditedCallAtTheInterpretersEndLeavesTheWorkerLogClean(PythonInstallation python)
    {
        var run = CliRun.Start(["run", Path.Combine(Suite.Value, "test_late_finalizer.py"), "--python", python.Executable, "--json", "r.json", "--state-dir", "state"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal("passed", ReportModules.Verdict(ReportModules.Module(run.ReadJson("r.json"), "test_late_finalizer")));
        var logs = Directory.GetFiles(Path.Combine(run.WorkDir, "state", "logs"), "*.log");
        Assert.NotEmpty(logs);
        foreach (var log in logs)
        {
            // CPython's own teardown may complain there too (3.13.0's threading dummy threads): only the driver's words count.
            var text = File.ReadAllText(log);
            Assert.False(text.Contains("in audit hook", StringComparison.Ordinal) || text.Contains("subinterp_driver", StringComparison.Ordinal), $"{log}:\n{text}");
        }
    }

    private static System.Text.Json.Nodes.JsonObject Test(System.Text.Json.Nodes.JsonObject report, string module, string id) =>
        ReportModules.Module(report, module)["tests"]!.AsArray().Single(t => (string)t!["id"]! == id)!.AsObject();
}
