using System.Diagnostics;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>`subinterp doctor`: every Python found, and for each the reason it can or cannot be used.</summary>
public sealed class DoctorTests
{
    [Fact]
    public void SaysWhyEachPythonIsOrIsNotUsable()
    {
        var run = CliRun.Start(["doctor"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(InstalledPythons.Supported.Count > 0, InstalledPythons.NoneFoundMessage);
        var lines = run.Stdout.Split('\n');
        Assert.StartsWith("would use: CPython ", lines[0]);
        foreach (var python in InstalledPythons.Supported)
        {
            var index = Array.FindIndex(lines, line => line.StartsWith("  ok  ", StringComparison.Ordinal) && line.Contains($" {python.Executable}  (via ", StringComparison.Ordinal));
            Assert.True(index > 0, $"{python} not listed as usable:\n{run.Stdout}");
            Assert.Equal($"      usable: shared library {python.Library}", lines[index + 1]);
        }
        // Every unusable one is followed by the reason, which names it and what is needed.
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("  --  ", StringComparison.Ordinal))
            {
                var executable = lines[i].Split("  (via ")[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
                Assert.Contains(executable, lines[i + 1]);
                Assert.Matches("needs|not|without|cannot", lines[i + 1]);
            }
        }
    }

    [Fact]
    public void WarnsWhenSigintIsIgnoredAsInABackgroundJob()
    {
        Assert.True(InstalledPythons.Supported.Count > 0, InstalledPythons.NoneFoundMessage);
        var python = InstalledPythons.Supported[0].Executable;
        // bash without job control starts a `&` job with SIGINT ignored (a CI script's background run);
        // the other run gets SIGINT's default back first, whatever this test host inherited.
        var background = Doctor("bash", "-c", "\"$@\" & wait $!", "bash");
        var foreground = Doctor(python, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])");

        Assert.Contains("warning: SIGINT is ignored in this process (started as a background job with `&`, or under nohup?)", background);
        Assert.Contains("_thread.interrupt_main()", background);
        Assert.DoesNotContain("SIGINT is ignored", foreground);
    }

    /// <summary>`subinterp doctor` started through <paramref name="launcher"/> (which runs the rest of its arguments); its stdout.</summary>
    private static string Doctor(string launcher, params string[] arguments)
    {
        var start = new ProcessStartInfo(launcher) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments.Concat(["dotnet", Path.Combine(AppContext.BaseDirectory, "subinterp.dll"), "doctor"]))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "doctor did not finish");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
