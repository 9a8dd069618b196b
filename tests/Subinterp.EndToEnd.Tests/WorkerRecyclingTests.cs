using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// CPython keeps part of every ended interpreter for the life of the process, so a worker is
/// replaced after its share of modules: a long run is spread over fresh workers, and nothing else
/// about the results changes.
/// </summary>
public sealed class WorkerRecyclingTests
{
    [PythonTheory]
    public void A_long_run_is_spread_over_fresh_workers_with_every_result_kept(PythonInstallation python)
    {
        var folder = Directory.CreateTempSubdirectory("subinterp-recycle-").FullName;
        const int modules = 75;
        for (var n = 0; n < modules; n++)
        {
            File.WriteAllText(Path.Combine(folder, $"test_m{n:000}.py"),
                $"import unittest\n\n\nclass T{n}(unittest.TestCase):\n    def test_one(self):\n        self.assertEqual({n} + 1, {n + 1})\n");
        }

        var run = CliRun.Start(["run", folder, "-j", "2", "--python", python.Executable, "--engine", "unittest", "--json", "report.json"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        var reported = run.ReadJson("report.json")["modules"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(modules, reported.Count);
        Assert.All(reported, m => Assert.Equal("passed", (string)m["verdict"]!));
        var workers = reported.Select(m => (int)m["interpreter"]!["workerPid"]!).Distinct().Count();
        // 32 modules per worker (Orchestrator.ModulesPerWorker): 75 modules need at least 3.
        Assert.True(workers >= 3, $"{modules} modules ran on {workers} worker(s)");
    }
}
