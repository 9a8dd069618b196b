using Subinterp.EndToEnd.Tests;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>
/// `dotnet test` on sample-suites/dotnet, on VSTest and on Microsoft.Testing.Platform, once per
/// CPython found: outcomes, messages, output and isolation verdicts read back from the TRX.
/// </summary>
public sealed class DotnetTestTests
{
    private static readonly string Clean = RepoPaths.SampleSuite("clean");

    [PythonTheory]
    public void VSTestReportsEveryPythonTestAsExpected(PythonInstallation python) => EveryPythonTestAsExpected(TestPlatform.VSTest, python);

    [PythonTheory]
    public void MtpReportsEveryPythonTestAsExpected(PythonInstallation python) => EveryPythonTestAsExpected(TestPlatform.Mtp, python);

    [PythonTheory]
    public void VSTestCarriesMessagesOutputAndReasons(PythonInstallation python) => MessagesOutputAndReasons(TestPlatform.VSTest, python);

    [PythonTheory]
    public void MtpCarriesMessagesOutputAndReasons(PythonInstallation python) => MessagesOutputAndReasons(TestPlatform.Mtp, python);

    [PythonTheory]
    public void VSTestIsolationCasesFailForCrashLeakAndUnsafeImport(PythonInstallation python) => IsolationCases(TestPlatform.VSTest, python);

    [PythonTheory]
    public void MtpIsolationCasesFailForCrashLeakAndUnsafeImport(PythonInstallation python) => IsolationCases(TestPlatform.Mtp, python);

    /// <summary>
    /// Every test of the clean suite has the outcome its EXPECTED.md gives, although a module of the
    /// same run segfaulted its worker: a crash changes no other module's results.
    /// </summary>
    private static void EveryPythonTestAsExpected(TestPlatform platform, PythonInstallation python)
    {
        var run = SampleProject.Run(platform, python);
        var trx = run.Trx();

        Assert.True(run.Command.ExitCode != 0, "the sample fails on purpose; " + run.Command.Describe());
        var expected = ExpectedOutcomes.Load(Clean);
        foreach (var (id, outcome) in expected.TestOutcomes)
        {
            Assert.True(TrxOutcome(outcome) == trx[id].Outcome, $"{id}: expected {outcome}, TRX says {trx[id].Outcome} ({trx[id].Message}) in {trx.Path}");
        }
        foreach (var (module, verdict) in expected.ModuleVerdicts)
        {
            Assert.True((verdict == "error" ? "Failed" : "Passed") == trx[module + "::isolation"].Outcome, $"{module}::isolation with verdict {verdict}: {trx[module + "::isolation"].Message}");
        }
        Assert.Equal("Passed", trx["test_segfault.SegfaultTests.test_a_before_the_crash"].Outcome);
        // Nothing else, and nothing twice: one result per test and per module.
        var names = expected.TestOutcomes.Keys.Concat(expected.ModuleVerdicts.Keys.Select(m => m + "::isolation"))
            .Concat(["test_segfault.SegfaultTests.test_a_before_the_crash", "test_segfault.SegfaultTests.test_b_segfaults_in_c", "test_segfault.SegfaultTests.test_c_never_runs",
                "test_segfault::isolation", "test_environ_leak.EnvironLeak.test_sets_variable", "test_environ_leak::isolation", "test_readline::isolation"]);
        Assert.Equal(names.Order(StringComparer.Ordinal), trx.Names.Order(StringComparer.Ordinal));
        foreach (var result in trx.Results)
        {
            Assert.True(result.Start <= result.End, $"{result.Name}: starts {result.Start:O} after it ends {result.End:O}");
        }
    }

    private static void MessagesOutputAndReasons(TestPlatform platform, PythonInstallation python)
    {
        var trx = SampleProject.Run(platform, python).Trx();

        var failed = trx["test_failures.FailureTests.test_assertion_fails"];
        Assert.Equal("Failed", failed.Outcome);
        // Compared in a plain process first (--compare-process, on by default): the label leads the message.
        Assert.Equal("[also-in-process] failed: AssertionError: 1 != 2", failed.Message);
        Assert.Contains($"File \"{Path.Combine(Clean, "test_failures.py")}\", line 7, in test_assertion_fails", failed.StackTrace);

        var output = trx["test_output.OutputTests.test_prints_to_stdout_and_stderr"];
        Assert.Equal("Passed", output.Outcome);
        Assert.Contains("hello from stdout", output.StdOut);
        Assert.Contains("hello from stderr", output.StdErr);
        // 5 MB of output arrives bounded.
        var big = trx["test_output.OutputTests.test_prints_five_megabytes"];
        Assert.InRange(big.StdOut!.Length, 1024, 70 * 1024);

        var skipped = trx["test_skips.SkipTests.test_skip_decorator"];
        Assert.Equal("NotExecuted", skipped.Outcome);
        Assert.Contains("skipped by decorator", skipped.Message ?? skipped.StdOut ?? "");
        var xfail = trx["test_skips.SkipTests.test_expected_failure_fails"];
        Assert.Equal("Passed", xfail.Outcome);
        Assert.Contains("xfail: failed as expected", xfail.DebugTrace);
        var xpass = trx["test_skips.SkipTests.test_expected_failure_passes"];
        Assert.Equal("Failed", xpass.Outcome);
        Assert.StartsWith("[also-in-process] xpass: passed, but was expected to fail", xpass.Message);
    }

    private static void IsolationCases(TestPlatform platform, PythonInstallation python)
    {
        var trx = SampleProject.Run(platform, python).Trx();

        var crash = trx["test_segfault::isolation"];
        Assert.Equal("Failed", crash.Outcome);
        Assert.StartsWith("CRASHED test_segfault in test_segfault.SegfaultTests.test_b_segfaults_in_c: ", crash.Message);
        Assert.Contains("SIGSEGV", crash.Message);
        Assert.Contains("Segmentation fault", crash.StackTrace);
        var lost = trx["test_segfault.SegfaultTests.test_c_never_runs"];
        Assert.Equal("Failed", lost.Outcome);
        Assert.StartsWith("[also-in-process] not run", lost.Message);
        Assert.Contains("the crash was in test_segfault.SegfaultTests.test_b_segfaults_in_c", lost.Message);
        Assert.Contains("test_b_segfaults_in_c", lost.StackTrace);

        var leak = trx["test_environ_leak::isolation"];
        Assert.Equal("Failed", leak.Outcome);
        Assert.Equal("LEAKED test_environ_leak: environ: SUBINTERP_LEAKY_ENVIRON set to '1' (was unset)", leak.Message);
        // The leaking module's own test passed: only its isolation case fails the run.
        Assert.Equal("Passed", trx["test_environ_leak.EnvironLeak.test_sets_variable"].Outcome);

        var unsafeImport = trx["test_readline::isolation"];
        Assert.Equal("Failed", unsafeImport.Outcome);
        Assert.StartsWith("UNSAFE test_readline: imports readline", unsafeImport.Message);
    }

    private static string TrxOutcome(string pythonOutcome) => pythonOutcome switch
    {
        "passed" or "xfail" => "Passed",
        "skipped" => "NotExecuted",
        _ => "Failed",
    };
}
