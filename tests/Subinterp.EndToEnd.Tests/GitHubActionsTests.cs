using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// `subinterp run` in GitHub Actions (GITHUB_ACTIONS=true) on sample-suites/one-refused-extension:
/// one `::error` annotation for the refused extension and one for the failing test, at their files,
/// and the summary appended to $GITHUB_STEP_SUMMARY; outside GitHub Actions, neither.
/// </summary>
public sealed class GitHubActionsTests
{
    private const string Suite = "one-refused-extension";

    private static (CliRun Run, string Summary) Run(PythonInstallation python, bool inGitHubActions)
    {
        var workspace = Directory.CreateTempSubdirectory("subinterp-gha-").FullName;
        var summary = Path.Combine(workspace, "step-summary.md");
        // The summary file GitHub gives a step already exists and may hold earlier steps' text.
        File.WriteAllText(summary, "earlier step\n");
        var environment = SampleExtensions.Environment(python, Suite);
        environment["GITHUB_STEP_SUMMARY"] = summary;
        environment["GITHUB_ACTIONS"] = inGitHubActions ? "true" : null;
        environment["GITHUB_WORKSPACE"] = RepoPaths.Root;
        var run = CliRun.Start(["run", RepoPaths.SampleSuite(Suite), "-j", "2", "--python", python.Executable], workspace, environment: environment);
        return (run, File.ReadAllText(summary));
    }

    [PythonTheory]
    public void AnnotatesEachCauseAndFailureOnceAndAppendsTheJobSummary(PythonInstallation python)
    {
        var (run, summary) = Run(python, inGitHubActions: true);

        Assert.True(run.ExitCode == 3, run.Describe());
        var annotations = run.Stdout.Split('\n').Where(line => line.StartsWith("::", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, annotations.Count);
        Assert.StartsWith("::error file=sample-suites/one-refused-extension/test_encode_ascii.py,title=UNSAFE _fastcodec_speedups is refused in an isolated subinterpreter (8 modules)::" +
            "UNSAFE    _fastcodec_speedups is refused in an isolated subinterpreter: in 8 modules: ", annotations[0]);
        Assert.Contains("%0A          the import was caught in 7 modules: 13 tests ran on the fallback, without the extension%0A", annotations[0]);
        Assert.StartsWith("::error file=sample-suites/one-refused-extension/test_requires_accelerator.py,line=9,title=ERROR test_requires_accelerator.AcceleratorTests.test_encoder_type_is_exported::" +
            "AttributeError: module 'fastcodec' has no attribute 'Encoder'%0A%0ATraceback (most recent call last):%0A", annotations[1]);

        Assert.StartsWith("earlier step\n## Subinterp: 9 modules, 15 tests, CPython ", summary);
        Assert.Contains("**Exit code 3: isolation findings (crashed, timed-out, unsafe or leaked modules).**", summary);
        Assert.Contains("| UNSAFE | \\_fastcodec\\_speedups is refused in an isolated subinterpreter | 8: test\\_encode\\_ascii, ", summary);
        Assert.Contains("the import was caught in 7 modules: 13 tests ran on the fallback, without the extension |", summary);
        Assert.Contains("| error | test\\_requires\\_accelerator.AcceleratorTests.test\\_encoder\\_type\\_is\\_exported | AttributeError: module 'fastcodec' has no attribute 'Encoder' |", summary);
    }

    [PythonTheory]
    public void OutsideGitHubActionsThereIsNeitherAnnotationNorSummary(PythonInstallation python)
    {
        var (run, summary) = Run(python, inGitHubActions: false);

        Assert.True(run.ExitCode == 3, run.Describe());
        Assert.DoesNotContain(run.Stdout.Split('\n'), line => line.StartsWith("::", StringComparison.Ordinal));
        Assert.Equal("earlier step\n", summary);
    }
}
