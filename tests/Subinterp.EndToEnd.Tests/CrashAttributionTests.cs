using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>Quarantine on real workers: a crash that only happens when two modules run together.</summary>
public sealed class CrashAttributionTests
{
    // test_pair_a aborts the process if test_pair_b is running in the same process at the same
    // time (b writes the worker's pid into a marker file while it runs; a marker left behind by
    // a dead worker names another pid); alone, each passes.
    private const string PairA = """
        import os, time, unittest
        MARK = os.path.join(os.path.dirname(__file__), "b-is-running")

        class A(unittest.TestCase):
            def test_aborts_if_b_runs(self):
                deadline = time.monotonic() + 1.5
                while time.monotonic() < deadline:
                    try:
                        with open(MARK) as mark:
                            if mark.read() == str(os.getpid()):
                                os.abort()
                    except OSError:
                        pass
                    time.sleep(0.02)
        """;

    private const string PairB = """
        import os, time, unittest
        MARK = os.path.join(os.path.dirname(__file__), "b-is-running")

        class B(unittest.TestCase):
            def test_runs_for_a_while(self):
                deadline = time.monotonic() + 1.5
                with open(MARK, "w") as mark:
                    mark.write(str(os.getpid()))
                while time.monotonic() < deadline:
                    time.sleep(0.05)
                os.remove(MARK)
        """;

    [PythonTheory]
    public void AModuleThatCrashesOnlyAlongsideAnotherIsReportedAsSuch(PythonInstallation python)
    {
        var suite = Directory.CreateTempSubdirectory("subinterp-pair-").FullName;
        File.WriteAllText(Path.Combine(suite, "test_pair_a.py"), PairA);
        File.WriteAllText(Path.Combine(suite, "test_pair_b.py"), PairB);

        var run = CliRun.Start(["run", suite, "-j", "2", "--python", python.Executable, "--json", "report.json", "--progress", "lines"]);

        Assert.True(run.ExitCode == 3, run.Describe());
        Assert.Contains("each will be re-run alone", run.Stderr);
        var modules = run.ReadJson("report.json")["modules"]!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => (string)m["module"]!);
        foreach (var (name, other) in new[] { ("test_pair_a", "test_pair_b"), ("test_pair_b", "test_pair_a") })
        {
            var module = modules[name];
            var crash = module["crash"]!;
            Assert.Equal("crashed", (string)module["verdict"]!);
            Assert.Equal("SIGABRT", (string)crash["signal"]!);
            Assert.Equal(-6, (int)crash["exitCode"]!);
            Assert.StartsWith($"crashed only when run alongside {other}: the worker was killed by SIGABRT (signal 6); run alone in a fresh worker it passed", (string)crash["reason"]!);
            // What it did alone is what its tests say.
            Assert.All(module["tests"]!.AsArray(), test => Assert.Equal("passed", (string)test!["outcome"]!));
        }
        Assert.Equal("test_pair_a.A.test_aborts_if_b_runs", (string)modules["test_pair_a"]["crash"]!["test"]!);
    }

    private const string Aborts = """
        import os, unittest

        class T(unittest.TestCase):
            def test_it(self):
                os.abort()
        """;

    private const string Passes = """
        import unittest

        class T(unittest.TestCase):
            def test_it(self):
                pass
        """;

    [PythonTheory]
    public void PastTheRestartLimitTheRestIsNotRunWithTheReason(PythonInstallation python)
    {
        var suite = Directory.CreateTempSubdirectory("subinterp-restarts-").FullName;
        foreach (var name in new[] { "test_1_aborts", "test_2_aborts" })
        {
            File.WriteAllText(Path.Combine(suite, $"{name}.py"), Aborts);
        }
        File.WriteAllText(Path.Combine(suite, "test_3_clean.py"), Passes);

        var run = CliRun.Start(["run", suite, "-j", "1", "--python", python.Executable, "--json", "report.json", "--max-worker-restarts", "1"]);

        Assert.True(run.ExitCode == 3, run.Describe());
        var modules = run.ReadJson("report.json")["modules"]!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => (string)m["module"]!);
        Assert.Equal("crashed", (string)modules["test_1_aborts"]["verdict"]!);
        Assert.Equal("crashed", (string)modules["test_2_aborts"]["verdict"]!);
        var notRun = modules["test_3_clean"]["error"]!;
        Assert.Equal("not-run", (string)notRun["kind"]!);
        Assert.Equal("not run: the worker was restarted 1 time (--max-worker-restarts 1)", (string)notRun["message"]!);
    }
}
