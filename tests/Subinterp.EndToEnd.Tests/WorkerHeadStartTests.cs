using Subinterp.Runtime.Orchestration;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The CLI starts its worker before it finds Python and tells it the Python afterwards: a run that
/// stops before it needs the worker kills it, and a worker that dies before it is told anything is
/// reported as a worker that could not start, as when it was started with the Python.
/// </summary>
public sealed class WorkerHeadStartTests
{
    /// <summary>A stand-in worker (SUBINTERP_WORKER runs it) that writes its pid, then neither connects nor ends.</summary>
    private static (string Worker, string PidFile) SleepingWorker()
    {
        var folder = Directory.CreateTempSubdirectory("subinterp-sleeping-worker-").FullName;
        var pidFile = Path.Combine(folder, "pid");
        var worker = Path.Combine(folder, "worker");
        File.WriteAllText(worker, $"#!/bin/sh\necho $$ > '{pidFile}.tmp' && mv '{pidFile}.tmp' '{pidFile}'\nexec sleep 300\n");
        File.SetUnixFileMode(worker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (worker, pidFile);
    }

    /// <summary>The stand-in's pid once it has written it; null when it was killed before it could.</summary>
    private static int? PidWritten(string pidFile)
    {
        // A worker left behind writes its pid in well under a second; this waits for the file, not for the product.
        for (var attempt = 0; attempt < 40 && !File.Exists(pidFile); attempt++)
        {
            Thread.Sleep(50);
        }
        return File.Exists(pidFile) ? int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static bool Alive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1][0] != 'Z';

    [Fact]
    public void A_run_that_finds_no_such_Python_says_so_and_leaves_no_worker_behind()
    {
        var (worker, pidFile) = SleepingWorker();

        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "--python", "3.99"],
            environment: new Dictionary<string, string?> { [DotnetHost.WorkerVariable] = worker });

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("No CPython 3.99 found", run.Stderr);
        if (PidWritten(pidFile) is { } pid)
        {
            Assert.False(Alive(pid), $"the worker started ahead of the search (pid {pid}) outlived the run that did not need it");
        }
    }

    [Fact]
    public void A_run_with_no_tests_leaves_no_worker_behind()
    {
        var (worker, pidFile) = SleepingWorker();
        var empty = Directory.CreateTempSubdirectory("subinterp-empty-").FullName;

        var run = CliRun.Start(["run", empty, "--python", InstalledPythons.Newest.Executable],
            environment: new Dictionary<string, string?> { [DotnetHost.WorkerVariable] = worker });

        Assert.True(run.ExitCode == 2, run.Describe());
        if (PidWritten(pidFile) is { } pid)
        {
            Assert.False(Alive(pid), $"the worker started ahead of the search (pid {pid}) outlived the run that did not need it");
        }
    }

    [Fact]
    public void A_worker_that_dies_before_it_is_told_the_Python_is_reported_with_what_it_said()
    {
        var folder = Directory.CreateTempSubdirectory("subinterp-dying-worker-").FullName;
        var worker = Path.Combine(folder, "worker");
        File.WriteAllText(worker, "#!/bin/sh\necho 'the worker broke at start' >&2\nexit 3\n");
        File.SetUnixFileMode(worker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var python = InstalledPythons.Newest;

        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "-j", "1", "--python", python.Executable],
            environment: new Dictionary<string, string?> { [DotnetHost.WorkerVariable] = worker });

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains($"the worker for {python} exited with code 3: the worker broke at start", run.Stderr);
    }
}
