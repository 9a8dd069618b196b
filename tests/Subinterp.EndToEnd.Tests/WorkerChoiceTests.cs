using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The worker is the natively compiled one where the build deployed it beside the CLI, else the
/// framework-dependent assembly run by `dotnet`: both give the same results; SUBINTERP_WORKER may
/// name either (an assembly is run by `dotnet`), and one that does not exist is a clear setup error.
/// </summary>
public sealed class WorkerChoiceTests
{
    private static CliRun RunClean(PythonInstallation python, string? worker) => CliRun.Start(
        ["run", RepoPaths.SampleSuite("clean"), "-j", "2", "--python", python.Executable, "--engine", "unittest", "--json", "report.json"],
        environment: new Dictionary<string, string?> { [DotnetHost.WorkerVariable] = worker });

    private static List<KeyValuePair<string, string>> Outcomes(CliRun run) => run.ReadJson("report.json")["modules"]!.AsArray()
        .SelectMany(m => m!["tests"]!.AsArray())
        .Select(t => KeyValuePair.Create((string)t!["id"]!, (string)t["outcome"]!))
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void The_build_deploys_the_native_worker_beside_the_CLI()
    {
        // clang is what Native AOT links with; .ci/run installs it, so CI always has the native worker.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, DotnetHost.NativeWorker)),
            $"{DotnetHost.NativeWorker} is missing from {AppContext.BaseDirectory}: is clang installed (apt-get install clang zlib1g-dev)?");
    }

    [PythonTheory]
    public void The_framework_dependent_worker_gives_the_same_results_as_the_native_one(PythonInstallation python)
    {
        var native = RunClean(python, null);
        var managed = RunClean(python, "managed");

        Assert.True(native.ExitCode == 1, native.Describe());
        Assert.True(managed.ExitCode == 1, managed.Describe());
        Assert.Equal(Outcomes(native), Outcomes(managed));
    }

    [Fact]
    public void A_worker_assembly_named_by_SUBINTERP_WORKER_is_run_by_dotnet()
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Subinterp.Worker.dll");
        var python = InstalledPythons.Newest;
        var native = RunClean(python, null);
        var managed = RunClean(python, assembly);

        Assert.True(managed.ExitCode == 1, managed.Describe());
        Assert.Equal(Outcomes(native), Outcomes(managed));
    }

    [Fact]
    public void A_worker_named_by_SUBINTERP_WORKER_that_does_not_exist_is_a_setup_error()
    {
        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "-j", "1", "--python", InstalledPythons.Newest.Executable],
            environment: new Dictionary<string, string?> { [DotnetHost.WorkerVariable] = "/nonexistent/subinterp-worker" });

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("SUBINTERP_WORKER is set to '/nonexistent/subinterp-worker', which does not exist", run.Stdout + run.Stderr);
    }
}
