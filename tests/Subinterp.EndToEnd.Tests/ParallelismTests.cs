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
        // Two modules on different cores whose running times overlap by most of a module's length.
        var overlapping = spans.SelectMany(a => spans.Where(b => a.Cpu < b.Cpu)
                .Select(b => Math.Min(a.End, b.End) - Math.Max(a.Start, b.Start)))
            .Where(overlap => overlap > 0.3)
            .Count();
        Assert.True(overlapping >= 3, $"expected modules on both cores to overlap in time; spans: {string.Join(", ", spans)}");
    }
}
