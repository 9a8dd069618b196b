using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The real CLI on sample-suites/hostile, once per CPython found, at -j 1 and -j 2: each module's
/// verdict, the named test, the signal and exit code, the evidence (stacks, tracebacks, reasons)
/// and every clean module passed, against the suite's EXPECTED.md.
/// </summary>
public sealed class HostileSuiteTests
{
    private static readonly string Suite = RepoPaths.SampleSuite("hostile");

    private static CliRun RunHostile(PythonInstallation python, string jobs) => CliRun.Start(
        ["run", Suite, "-j", jobs, "--python", python.Executable, "--engine", "unittest", "--json", "report.json", "--progress", "lines",
         "--timeout", "10", "--test-timeout", "5", "--memory-limit", "256", "--max-worker-restarts", "50"],
        timeout: TimeSpan.FromMinutes(8));

    [PythonTheory]
    public void EveryHostileModuleGetsItsVerdictAtOneSlot(PythonInstallation python) => AssertAsExpected(python, RunHostile(python, "1"));

    [PythonTheory]
    public void EveryHostileModuleGetsItsVerdictAtTwoSlots(PythonInstallation python) => AssertAsExpected(python, RunHostile(python, "2"));

    private static void AssertAsExpected(PythonInstallation python, CliRun run)
    {
        Assert.True(run.ExitCode == 3, $"crashed and timed-out modules must exit 3; {run.Describe()}");
        var expected = VersionedExpectations.Load(Suite, python.Version);
        var modules = run.ReadJson("report.json")["modules"]!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => (string)m["module"]!);

        Assert.Equal(expected.ModuleVerdicts.OrderBy(p => p.Key), modules.Select(m => KeyValuePair.Create(m.Key, (string)m.Value["verdict"]!)).OrderBy(p => p.Key));
        var tests = modules.Values.SelectMany(m => m["tests"]!.AsArray()).ToDictionary(t => (string)t!["id"]!, t => (string)t!["outcome"]!);
        Assert.Equal(expected.TestOutcomes.OrderBy(p => p.Key), tests.OrderBy(p => p.Key));
        foreach (var (name, module) in modules.Where(m => m.Key.StartsWith("test_clean_", StringComparison.Ordinal) || m.Key == "test_zz_clean_last"))
        {
            Assert.True((string)module["verdict"]! == "passed", $"{name} is clean and must pass; {run.Describe()}");
        }
        foreach (var (name, crash) in expected.Crashes.Where(c => c.Value is not ("-" or "varies")))
        {
            var parts = crash.Split(' ');
            var actual = modules[name]["crash"]!;
            Assert.Equal((parts[0] == "-" ? null : parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)),
                ((string?)actual["signal"], (int)actual["exitCode"]!));
        }
        AssertNamedTests(modules, expected);
        AssertEvidence(modules, python);
    }

    /// <summary>A crashed or timed-out module names the test whose outcome says so.</summary>
    private static void AssertNamedTests(Dictionary<string, JsonObject> modules, VersionedExpectations expected)
    {
        foreach (var (name, module) in modules)
        {
            var finding = module["crash"] ?? module["timeout"];
            if (finding is null)
            {
                continue;
            }
            var culprit = module["tests"]!.AsArray().Select(t => t!.AsObject())
                .SingleOrDefault(t => (string)t["outcome"]! is "crashed" or "timed-out");
            Assert.Equal((string?)culprit?["id"], (string?)finding["test"]);
            Assert.Equal(expected.ModuleVerdicts[name], (string)module["verdict"]!);
        }
    }

    private static void AssertEvidence(Dictionary<string, JsonObject> modules, PythonInstallation python)
    {
        string Text(string module, string finding, string field) => (string?)modules[module][finding]?[field] ?? "";

        Assert.Contains("Segmentation fault", Text("test_segfault", "crash", "traceback"));
        Assert.Contains("test_segfault.py", Text("test_segfault", "crash", "traceback"));
        Assert.Contains("test_abort.py", Text("test_abort", "crash", "traceback"));
        Assert.Contains(python.Version < new Version(3, 13) ? "Fatal Python error: Py_EndInterpreter: not the last thread" : "Fatal Python error: test_fatal_error asked for it",
            Text("test_fatal_error", "crash", "traceback"));
        Assert.Contains("exited with code 0", Text("test_os_exit_zero", "crash", "reason"));
        Assert.Matches(@"out of memory \(RSS \d+ MB > limit 256 MB\)", Text("test_memory_bomb", "crash", "reason"));
        Assert.Contains("test_hangs_in_sleep.py", Text("test_hangs_in_sleep", "timeout", "stacks"));
        Assert.Contains("test_b_sleeps_forever", Text("test_hangs_in_sleep", "timeout", "stacks"));
        // The GIL is held in C: no watchdog, faulthandler on the stuck thread.
        Assert.Contains("faulthandler", Text("test_hangs_holding_the_gil", "timeout", "stacks"));
        Assert.Contains("test_hangs_holding_the_gil.py", Text("test_hangs_holding_the_gil", "timeout", "stacks"));
        Assert.Contains("test_import_never_finishes.py", Text("test_import_never_finishes", "timeout", "stacks"));
        Assert.Equal("module", Text("test_import_never_finishes", "timeout", "kind"));
        var leak = modules["test_thread_left_running"]["leaks"]!.AsArray().Single()!;
        Assert.Equal("thread", (string)leak["kind"]!);
        Assert.Contains("'sleeper'", (string)leak["detail"]!);
        Assert.Contains("abandoned", (string)leak["detail"]!);
        if (python.Version < new Version(3, 13))
        {
            Assert.Contains("imported _datetime again", Text("test_datetime_refused", "crash", "reason"));
        }
    }
}
