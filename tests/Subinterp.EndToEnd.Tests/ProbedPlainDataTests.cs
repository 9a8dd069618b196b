using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// An extension that holds plain data (sample-suites/leaky's `_leaky_native.bumps`, published from a
/// C static at every import) gets a probe interpreter only for a module whose interpreter did not
/// show the data a fresh import showed, at its import or at its end (Hosting/PlainDataState.cs);
/// a module that bumps the counter is still probed and found, and so is the next one, whose import
/// shows the bumped value.
/// </summary>
public sealed class ProbedPlainDataTests
{
    private const string Reads = """
        import unittest

        import _leaky_native


        class Reads(unittest.TestCase):
            def test_reads_counter(self):
                self.assertGreaterEqual(_leaky_native.bumps, 0)
        """;

    private const string Bumps = """
        import unittest

        import _leaky_native


        class Bumps(unittest.TestCase):
            def test_bumps_three_times(self):
                for _ in range(3):
                    _leaky_native.bump()
        """;

    [PythonTheory]
    public void PlainDataSeenUnchangedIsNotProbedAgainAndACounterBumpedAfterItIsStillCaught(PythonInstallation python)
    {
        var suite = TempSuite.Create("probed-plain-data", new Dictionary<string, string>
        {
            ["test_a_reads.py"] = Reads,
            ["test_b_bumps.py"] = Bumps,
            ["test_c_reads.py"] = Reads,
            ["test_d_reads.py"] = Reads,
        });
        var run = CliRun.Start(
            ["run", suite, "-j", "1", "--python", python.Executable, "--engine", "unittest", "--no-compare-process", "--json", "report.json"],
            environment: SampleExtensions.Environment(python, "leaky"));

        Assert.True(run.ExitCode == 3, $"the bumped counter is a carry-over (exit 3); {run.Describe()}");
        var report = run.ReadJson("report.json");
        var probed = report["modules"]!.AsArray()
            .Where(m => (double)m!["interpreter"]!["phases"]!["probeMs"]! > 0)
            .Select(m => (string)m!["module"]!)
            .Order(StringComparer.Ordinal);
        // a: the first; b: its counter changed; c: its import showed what b left, not what a fresh one showed before; d: as c's probe.
        Assert.Equal(["test_a_reads", "test_b_bumps", "test_c_reads"], probed);
        Assert.True(ReportModules.HasLeak(ReportModules.Module(report, "test_b_bumps"), "carry-over", ["_leaky_native.bumps was 0 in a pristine import and is 3"]),
            string.Join("; ", ReportModules.Leaks(ReportModules.Module(report, "test_b_bumps"))));
        Assert.All(["test_a_reads", "test_c_reads", "test_d_reads"], name => Assert.Empty(ReportModules.Leaks(ReportModules.Module(report, name))));
    }
}
