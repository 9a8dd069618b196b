using System.Diagnostics;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A run pins its slots to cores no other Subinterp run holds: with the first allowed core claimed
/// by another process (a Python holding its lock file, as another run's CLI would), a one-slot run
/// pins its slot to the next one.
/// </summary>
public sealed class CoreClaimTests
{
    [Fact]
    public void A_run_pins_its_slot_to_a_core_another_run_does_not_hold()
    {
        var python = InstalledPythons.Newest;
        var runtime = Directory.CreateTempSubdirectory("subinterp-runtime-").FullName;
        var holder = Holder(python.Executable, Path.Combine(runtime, "subinterp", "cores"));
        try
        {
            var held = int.Parse(holder.StandardOutput.ReadLine() ?? throw new InvalidOperationException(holder.StandardError.ReadToEnd()), System.Globalization.CultureInfo.InvariantCulture);
            var allowed = holder.StandardOutput.ReadLine()!.Split(',').Select(int.Parse).ToList();
            Assert.True(allowed.Count >= 2, $"this test needs two cores this process may use; it has {string.Join(",", allowed)}");

            var run = CliRun.Start(["run", Path.Combine(RepoPaths.SampleSuite("clean"), "test_arithmetic.py"), "-j", "1", "--python", python.Executable, "--json", "report.json"],
                environment: new Dictionary<string, string?> { ["XDG_RUNTIME_DIR"] = runtime });

            Assert.True(run.ExitCode == 0, run.Describe());
            var slot = Assert.Single(run.ReadJson("report.json")["slots"]!.AsArray())!;
            Assert.Equal(allowed.First(core => core != held), (int)slot["cpu"]!);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
            Directory.Delete(runtime, recursive: true);
        }
    }

    /// <summary>A process that holds the lock of its first allowed core, then prints that core and every allowed one.</summary>
    private static Process Holder(string python, string folder)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""
            import fcntl, os, sys, time
            folder = sys.argv[1]
            os.makedirs(folder, exist_ok=True)
            allowed = sorted(os.sched_getaffinity(0))
            lock = open(os.path.join(folder, "cpu%d.lock" % allowed[0]), "a")
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            print(allowed[0]); print(",".join(map(str, allowed)), flush=True)
            time.sleep(300)
            """);
        start.ArgumentList.Add(folder);
        return Process.Start(start)!;
    }
}
