using Subinterp.Adapter.Tests.Support;
using Subinterp.EndToEnd.Tests;
using Subinterp.Runtime.Locating;
using Subinterp.TestAdapter;
using Subinterp.Testing;
using VsOutcome = Microsoft.VisualStudio.TestPlatform.ObjectModel.TestOutcome;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>
/// The real adapter driven in this process, as VSTest's test host drives it: what discovery
/// tells the explorer (file and line to navigate to), and that running a crashing module never
/// brings libpython into the host.
/// </summary>
public sealed class InProcessAdapterTests
{
    private static string RunSettings(PythonInstallation python) =>
        $"<RunSettings><Subinterp><Python>{System.Security.SecurityElement.Escape(python.Executable)}</Python></Subinterp></RunSettings>";

    private static string Source => Path.Combine(SampleProject.OutputFolder(TestPlatform.VSTest), "Subinterp.Samples.Tests.dll");

    [PythonTheory]
    public void DiscoveryGivesTheExplorerFileLineAndGrouping(PythonInstallation python)
    {
        var platform = new FakePlatform(RunSettings(python));

        new SubinterpTestAdapter().DiscoverTests([Source], platform, platform, platform);

        Assert.DoesNotContain(platform.Messages, m => m.Level == Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging.TestMessageLevel.Error);
        var failing = platform.Discovered.Single(test => test.FullyQualifiedName == "test_failures.FailureTests.test_assertion_fails");
        Assert.Equal(Path.Combine(RepoPaths.SampleSuite("clean"), "test_failures.py"), failing.CodeFilePath);
        Assert.Equal(6, failing.LineNumber);
        Assert.Equal(Source, failing.Source);
        Assert.Contains(failing.Traits, trait => trait.Name == "python" && trait.Value == python.VersionText);
        Assert.Contains(failing.Traits, trait => trait.Name == "module" && trait.Value == "test_failures");
        var nested = platform.Discovered.Single(test => test.FullyQualifiedName == "pkg.sub.test_nested.NestedTests.test_package_name");
        Assert.Equal(Path.Combine(RepoPaths.SampleSuite("clean"), "pkg", "sub", "test_nested.py"), nested.CodeFilePath);
        var isolation = platform.Discovered.Single(test => test.FullyQualifiedName == "test_segfault::isolation");
        Assert.Equal(Path.Combine(RepoPaths.SampleSuite("hostile"), "test_segfault.py"), isolation.CodeFilePath);
        Assert.Equal(platform.Discovered.Count, platform.Discovered.Select(test => test.Id).Distinct().Count());
    }

    [PythonTheory]
    public void RunningACrashingModuleNeverLoadsLibpythonIntoTheHost(PythonInstallation python)
    {
        var platform = new FakePlatform(RunSettings(python));
        var discovery = new FakePlatform(RunSettings(python));
        new SubinterpTestAdapter().DiscoverTests([Source], discovery, discovery, discovery);
        var segfault = discovery.Discovered.Where(test => test.FullyQualifiedName.StartsWith("test_segfault", StringComparison.Ordinal)).ToList();

        new SubinterpTestAdapter().RunTests(segfault, platform, platform);

        Assert.Equal(segfault.Select(test => test.FullyQualifiedName).Order(), platform.Results.Select(result => result.TestCase.FullyQualifiedName).Order());
        Assert.Equal(VsOutcome.Failed, platform.Results.Single(result => result.TestCase.FullyQualifiedName == "test_segfault::isolation").Outcome);
        Assert.Equal(VsOutcome.Passed, platform.Results.Single(result => result.TestCase.FullyQualifiedName == "test_segfault.SegfaultTests.test_a_before_the_crash").Outcome);
        // The results came back from a worker process; this process never mapped libpython.
        Assert.DoesNotContain("libpython", File.ReadAllText("/proc/self/maps"));
        Assert.All(platform.Started, started => Assert.Contains(segfault, test => test.Id == started.Id));
    }

    [PythonTheory]
    public void CancelStopsTheRunAndKeepsWhatFinished(PythonInstallation python)
    {
        var platform = new FakePlatform(RunSettings(python));
        var adapter = new SubinterpTestAdapter();
        var run = Task.Run(() => adapter.RunTests([Source], platform, platform));
        // Cancel as soon as the first result arrived: the rest of the modules are still queued or running.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (platform.Results.Count == 0 && DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            Thread.Sleep(10);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        adapter.Cancel();

        Assert.True(run.Wait(TimeSpan.FromSeconds(30)), "RunTests did not return within 30 s of Cancel");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.NotEmpty(platform.Results);
        Assert.DoesNotContain(platform.Messages, m => m.Level == Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging.TestMessageLevel.Error);
        // The run stopped: the sample has 67 cases, and what finished before the cancel was recorded once each.
        var finished = platform.Results.Where(result => result.Outcome != VsOutcome.None).ToList();
        Assert.InRange(finished.Count, 1, 66);
        Assert.Equal(finished.Count, finished.Select(result => result.TestCase.Id).Distinct().Count());
        // Whatever did not run is "not executed", never a failure of the user's code.
        Assert.All(platform.Results.Where(result => result.Outcome == VsOutcome.None), result => Assert.Equal("not run: the run was cancelled", result.ErrorMessage));
    }

    [PythonTheory]
    public void PlainPythonFileIsASource(PythonInstallation python)
    {
        var file = Path.Combine(RepoPaths.SampleSuite("clean"), "test_arithmetic.py");
        var discovery = new FakePlatform(RunSettings(python));
        var run = new FakePlatform(RunSettings(python));

        new SubinterpTestAdapter().DiscoverTests([file], discovery, discovery, discovery);
        new SubinterpTestAdapter().RunTests([file], run, run);

        Assert.Equal(7, discovery.Discovered.Count);
        Assert.All(discovery.Discovered, test => Assert.Equal(file, test.Source));
        Assert.Equal(discovery.Discovered.Select(test => test.Id).Order(), run.Results.Select(result => result.TestCase.Id).Order());
        Assert.All(run.Results, result => Assert.Equal(VsOutcome.Passed, result.Outcome));
    }

    /// <summary>A broken pyproject.toml above a source stops that source with the CLI's very words: the file, the line and column, what is wrong.</summary>
    [Fact]
    public void BrokenPyprojectStopsTheSourceWithTheCliWords()
    {
        using var folder = new TempFolder();
        var pyproject = folder.Write("pyproject.toml", "[tool.subinterp]\nmode = \"both\"\n[tool.subinterp\n");
        var file = folder.Write("tests/test_one.py", "def test_ok():\n    assert True\n");
        var platform = new FakePlatform(null);

        new SubinterpTestAdapter().RunTests([file], platform, platform);
        var cli = CliRun.Start(["list", Path.GetDirectoryName(file)!]);

        var expected = $"{pyproject}:3:16: not valid TOML: expected ']' but found the end of the line. Fix the file.";
        Assert.Contains(platform.Messages, message => message.Message == $"Subinterp: test_one.py: {expected}");
        var setup = Assert.Single(platform.Results);
        Assert.Equal(("subinterp::setup", VsOutcome.Failed), (setup.TestCase.FullyQualifiedName, setup.Outcome));
        Assert.True(cli.ExitCode == 2, cli.Describe());
        Assert.Contains($"subinterp: {expected}", cli.Stderr);
    }
}
