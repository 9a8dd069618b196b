using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A tracer or profiler a test installs sees the test's code, as in a plain process, and none of
/// the runner's: CPython's own test_trace failed (test_coverage_ignore listed the driver's files)
/// because the driver's import watcher and its deferred load of difflib ran Python frames that the
/// stdlib's trace module counted; CPython's test_monitoring failed every test because the driver's
/// sys.monitoring tool took id 4, which it asserts is free.
/// </summary>
public sealed class TracerTests
{
    // Traced: an extension's first import (the driver's import watcher runs) and the first use of
    // difflib (deferred while the driver imports unittest). Everything but the driver is ignored.
    private const string Module = """
        import os
        import sys
        import trace
        import unittest


        def imports():
            import bisect
            import csv
            import difflib
            return csv.QUOTE_ALL, bisect.bisect([1, 2], 1), difflib.SequenceMatcher(None, "ab", "ac").ratio()


        class Traced(unittest.TestCase):
            def test_a_tracer_counts_no_file_of_the_runner(self):
                here = os.path.dirname(os.path.abspath(__file__))
                stdlib = os.path.dirname(os.__file__)
                tracer = trace.Trace(trace=0, count=1, ignoredirs=[sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix, stdlib, here])
                tracer.runfunc(imports)
                counted = sorted({filename for filename, _ in tracer.results().counts})
                print("counted:", counted)
                self.assertEqual(counted, [])

            def test_the_monitoring_tools_tests_take_are_free(self):
                # What CPython's test_monitoring asserts in every setUp.
                taken = {tool: sys.monitoring.get_tool(tool) for tool in (2, 3, 4)}
                print("taken:", taken)
                self.assertEqual(taken, {2: None, 3: None, 4: None})
                self.assertEqual([sys.monitoring.get_events(tool) for tool in range(6)], [0] * 6)
        """;

    [PythonTheory]
    public void ATracerOrMonitorATestInstallsSeesNothingOfTheRunner(PythonInstallation python)
    {
        var suite = TempSuite.Create("tracer", new Dictionary<string, string> { ["test_tracer.py"] = Module });
        var plain = PythonCommand.Run(python, "-m", "unittest", "discover", "-s", suite, "-p", "test_tracer.py");

        var run = CliRun.Start(["run", suite, "--python", python.Executable, "-j", "1", "--json", "report.json", "--no-compare-process"]);

        Assert.Contains("counted: []", plain, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Describe());
        var tests = ReportModules.Module(run.ReadJson("report.json"), "test_tracer")["tests"]!.AsArray().Select(t => t!).ToList();
        Assert.Equal(2, tests.Count);
        Assert.All(tests, test => Assert.True((string)test["outcome"]! == "passed", $"{test["id"]}: {test["outcome"]}; {test["stdout"]} {test["traceback"]}"));
        Assert.Equal("counted: []", ((string?)tests.Single(t => ((string)t["id"]!).EndsWith("runner", StringComparison.Ordinal))["stdout"] ?? "").Trim());
    }
}
