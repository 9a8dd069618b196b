using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>Proof, from the report itself, that modules ran at the same time on different cores in different interpreters.</summary>
public sealed class ParallelismTests
{
    [PythonTheory]
    public void CpuBoundModulesOverlapOnDifferentCores(PythonInstallation python)
    {
        var run = CliRun.Start(["run", RepoPaths.SampleSuite("cpu-bound"), "-j", "2", "--python", python.Executable, "--json", "r.json"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        var spans = run.ReadJson("r.json")["modules"]!.AsArray()
            .Select(m => m!["interpreter"]!)
            .Select(i => (Id: (long)i["id"]!, Cpu: (int)i["cpu"]!, Start: (double)i["start"]!, End: (double)i["end"]!))
            .ToList();
        Assert.Equal(8, spans.Count);
        Assert.Equal(8, spans.Select(s => s.Id).Distinct().Count());
        Assert.Equal(2, spans.Select(s => s.Cpu).Distinct().Count());
        // Both cores ran a module at the same moment for most of the run. Measured as time, not as pairs
        // of modules: under load the two cores drift out of step, and a pair may then overlap by less
        // than a module's length while both cores stay busy. One core after the other gives 0.
        var both = BusyAtOnce(spans.Where(s => s.Cpu == spans[0].Cpu).Select(s => (s.Start, s.End)),
            spans.Where(s => s.Cpu != spans[0].Cpu).Select(s => (s.Start, s.End)));
        var wall = spans.Max(s => s.End) - spans.Min(s => s.Start);
        Assert.True(both >= 0.4 * wall, $"expected both cores busy at once for at least 40% of the run; {both:F2} s of {wall:F2} s; spans: {string.Join(", ", spans)}");
    }

    /// <summary>The seconds during which a span of <paramref name="first"/> and one of <paramref name="second"/> both ran (one core's spans do not overlap each other).</summary>
    private static double BusyAtOnce(IEnumerable<(double Start, double End)> first, IEnumerable<(double Start, double End)> second) =>
        first.SelectMany(a => second.Select(b => Math.Max(0, Math.Min(a.End, b.End) - Math.Max(a.Start, b.Start)))).Sum();
}
