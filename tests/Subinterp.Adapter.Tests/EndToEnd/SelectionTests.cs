using Subinterp.EndToEnd.Tests;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>`--filter` and `--list-tests` on the sample project, on both platforms.</summary>
public sealed class SelectionTests
{
    private static readonly string[] ArithmeticTests =
    [
        "test_arithmetic.ArithmeticTests.test_add", "test_arithmetic.ArithmeticTests.test_float_division", "test_arithmetic.ArithmeticTests.test_subtract",
        "test_arithmetic.StackTests.test_pop", "test_arithmetic.StackTests.test_push", "test_arithmetic.StackTests.test_setup_is_fresh_per_test",
    ];

    [PythonTheory]
    public void VSTestFilterRunsOnlyTheSelectedModule(PythonInstallation python) => FilterRunsOnlyTheSelectedModule(TestPlatform.VSTest, python);

    [PythonTheory]
    public void MtpFilterRunsOnlyTheSelectedModule(PythonInstallation python) => FilterRunsOnlyTheSelectedModule(TestPlatform.Mtp, python);

    [PythonTheory]
    public void VSTestListsEveryTestAndIsolationCase(PythonInstallation python) => ListsEveryTestAndIsolationCase(TestPlatform.VSTest, python);

    [PythonTheory]
    public void MtpListsEveryTestAndIsolationCase(PythonInstallation python) => ListsEveryTestAndIsolationCase(TestPlatform.Mtp, python);

    // Filter properties are the adapter's, not Python's: the newest found is enough.
    [Fact]
    public void VSTestFiltersOnNameAndTraits()
    {
        var python = InstalledPythons.Newest;
        var byName = SampleProject.Run(TestPlatform.VSTest, python, "--filter", "Name=test_add|Name=test_pop");
        Assert.Equal(["test_arithmetic.ArithmeticTests.test_add", "test_arithmetic.StackTests.test_pop"], byName.Trx().Names.Order(StringComparer.Ordinal));
        Assert.Equal([Module("test_arithmetic.py")], byName.Journal().Planned);

        var byTrait = SampleProject.Run(TestPlatform.VSTest, python, "--filter", "module=test_failures");
        Assert.Equal(
            ["test_failures.FailureTests.test_assertion_fails", "test_failures.FailureTests.test_passes", "test_failures.FailureTests.test_raises_unexpected", "test_failures::isolation"],
            byTrait.Trx().Names.Order(StringComparer.Ordinal));
        Assert.Equal([Module("test_failures.py")], byTrait.Journal().Planned);
    }

    [Fact]
    public void VSTestUnknownFilterPropertyIsAnError()
    {
        var python = InstalledPythons.Newest;
        var run = SampleProject.Run(TestPlatform.VSTest, python, "--filter", "Color=blue");

        Assert.NotEqual(0, run.Command.ExitCode);
        Assert.Contains("Color", run.Command.Stdout + run.Command.Stderr);
        Assert.Contains("FullyQualifiedName", run.Command.Stdout + run.Command.Stderr);
    }

    /// <summary>Only the selected tests run, and only their module starts: the session's journal plans and finishes that module alone.</summary>
    private static void FilterRunsOnlyTheSelectedModule(TestPlatform platform, PythonInstallation python)
    {
        var run = SampleProject.Run(platform, python, "--filter", "FullyQualifiedName~test_arithmetic");

        Assert.True(run.Command.ExitCode == 0, run.Command.Describe());
        var trx = run.Trx();
        Assert.Equal([.. ArithmeticTests, "test_arithmetic::isolation"], trx.Names.Order(StringComparer.Ordinal));
        Assert.All(trx.Results, result => Assert.Equal("Passed", result.Outcome));
        var (planned, finished) = run.Journal();
        Assert.Equal([Module("test_arithmetic.py")], planned);
        Assert.Equal([Module("test_arithmetic.py")], finished);
    }

    private static void ListsEveryTestAndIsolationCase(TestPlatform platform, PythonInstallation python)
    {
        var run = SampleProject.Run(platform, python, "--list-tests");

        Assert.True(run.Command.ExitCode == 0, run.Command.Describe());
        var listed = run.Command.Stdout.Split('\n').Select(line => line.Trim()).ToHashSet(StringComparer.Ordinal);
        var expected = ExpectedOutcomes.Load(RepoPaths.SampleSuite("clean"));
        foreach (var name in expected.TestOutcomes.Keys.Concat(expected.ModuleVerdicts.Keys.Select(module => module + "::isolation"))
                     .Concat(["test_segfault.SegfaultTests.test_c_never_runs", "test_environ_leak::isolation", "test_readline::isolation"]))
        {
            Assert.True(listed.Contains(name), $"{name} is not listed:\n{run.Command.Stdout}");
        }
        // Listing runs no test: no run journal is written.
        Assert.False(File.Exists(Path.Combine(run.JournalFolder, "journal.jsonl")), "--list-tests ran the modules");
    }

    private static string Module(string relative) => Path.Combine(RepoPaths.SampleSuite("clean"), relative);
}
