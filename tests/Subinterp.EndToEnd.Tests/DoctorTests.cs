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
}
