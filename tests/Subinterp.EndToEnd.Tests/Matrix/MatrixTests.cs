using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests.Matrix;

/// <summary>
/// `subinterp matrix` on real CPython: the sample C extensions and a slice of the standard library,
/// isolated and legacy, checked against compat-matrix/EXPECTED.md (what the modules really do).
/// </summary>
public sealed class MatrixTests
{
    [PythonTheory]
    public void SampleExtensionsGetTheStatusesAndDeclarationsTheyEarn(PythonInstallation python) =>
        CheckCells(python, "Sample extensions", "Evidence");

    [PythonTheory]
    public void StdlibSliceGetsTheStatusesOfThatVersion(PythonInstallation python) =>
        CheckCells(python, "A slice of the standard library", "Standard library evidence");

    [PythonTheory]
    public void WritesTheFourOutputsAndShowsProgress(PythonInstallation python)
    {
        var run = MatrixRun.For(python);

        Assert.True(run.ExitCode == 0, run.Describe());
        foreach (var file in new[] { "matrix.json", "matrix.md", "matrix.html", "badge.svg" })
        {
            Assert.True(File.Exists(Path.Combine(run.WorkDir, "matrix", file)), $"no matrix/{file}\n{run.Describe()}");
        }
        var matrix = run.ReadJson("matrix/matrix.json");
        Assert.Equal("subinterp-matrix/1", (string)matrix["schema"]!);
        var names = matrix["modules"]!.AsArray().Select(m => (string)m!["module"]!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(MatrixRun.SampleModules.Concat(MatrixRun.StdlibSlice).Order(StringComparer.Ordinal), names);
        Assert.All(matrix["modules"]!.AsArray(), m => Assert.Equal(["isolated", "legacy"], m!["cells"]!.AsArray().Select(c => (string)c!["mode"]!)));
        Assert.Contains($"CPython {python.VersionText}", run.Stdout);
        Assert.Contains("import: 9 probe modules", run.Stdout);
        var markdown = File.ReadAllText(Path.Combine(run.WorkDir, "matrix", "matrix.md"));
        Assert.Contains($"| module | toolchain | declares | {python.VersionText} isolated | {python.VersionText} legacy |", markdown);
        Assert.Contains("| `_leaky_shared` | hand-written C | multi per-gil", markdown);
        Assert.Equal("hand-written C", (string)MatrixRun.Module(matrix, "_leaky_shared")["toolchain"]!["name"]!);
        var ok = matrix["modules"]!.AsArray().SelectMany(m => m!["cells"]!.AsArray()).Count(c => (string)c!["status"]! == "ok");
        Assert.Contains($"<title>subinterpreters: {ok}/18 ok</title>", File.ReadAllText(Path.Combine(run.WorkDir, "matrix", "badge.svg")));
    }

    [PythonTheory]
    public void RunTestsRunsTheMappedStdlibTestsInASubinterpreterAndCountsThem(PythonInstallation python)
    {
        var run = CliRun.Start(["matrix", "--python", python.Executable, "--modules", "_bisect", "--mode", "isolated", "--repeats", "0", "--run-tests", "--out", "matrix"],
            timeout: TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.Describe());
        var cell = MatrixRun.Cell(run.ReadJson("matrix/matrix.json"), "_bisect", "isolated");
        Assert.Equal("ok", (string)cell["status"]!);
        var tests = cell["tests"]!.AsObject();
        Assert.Equal(["test.test_bisect"], tests["modules"]!.AsArray().Select(m => (string)m!));
        Assert.True((int)tests["passed"]! > 0, cell.ToJsonString());
        Assert.Equal(0, (int)tests["crashed"]!);
        Assert.Empty(tests["subinterpreterOnly"]!.AsArray());
        Assert.Contains($"own tests (test.test_bisect): {(int)tests["passed"]!} passed", (string)cell["evidence"]!);
    }

    private static void CheckCells(PythonInstallation python, string section, string? evidenceSection)
    {
        var run = MatrixRun.For(python);
        Assert.True(run.ExitCode == 0, run.Describe());
        var matrix = run.ReadJson("matrix/matrix.json");
        var problems = new List<string>();
        var expectations = MatrixExpectations.Cells(section, python);
        foreach (var expected in expectations)
        {
            var cell = MatrixRun.Cell(matrix, expected.Module, expected.Mode);
            var status = (string)cell["status"]!;
            if (!expected.Statuses.Contains(status))
            {
                problems.Add($"{expected.Module} {expected.Mode}: expected {string.Join(" or ", expected.Statuses)}, got {status}: {cell["evidence"]}");
            }
            var declaration = MatrixRun.Module(matrix, expected.Module)["declarations"]!.AsArray().Single()!;
            var declares = $"{declaration["init"]} {(string?)declaration["multipleInterpreters"] ?? "-"}";
            if (declares != expected.Declares)
            {
                problems.Add($"{expected.Module}: expected to declare {expected.Declares}, read {declares}");
            }
            var disagreement = (string?)cell["disagreement"];
            if (expected.Disagreement is null ? disagreement is not null : disagreement?.Contains(expected.Disagreement, StringComparison.Ordinal) != true)
            {
                problems.Add($"{expected.Module} {expected.Mode}: expected disagreement {expected.Disagreement ?? "none"}, got {disagreement ?? "none"}");
            }
        }
        var racyCrashes = expectations.Where(cell => cell.Statuses.Count > 1 && cell.Statuses.Contains("crashes"))
            .Select(cell => (cell.Module, cell.Mode)).ToHashSet();
        foreach (var (module, mode, expectedText) in evidenceSection is null ? [] : MatrixExpectations.Evidence(evidenceSection))
        {
            var cell = MatrixRun.Cell(matrix, module, mode);
            var evidence = (string)cell["evidence"]!;
            // A racy crash (EXPECTED.md) carries the crash's evidence, not the status it would have had.
            var contains = (string)cell["status"]! == "crashes" && racyCrashes.Contains((module, mode)) ? "the worker was killed by SIG" : expectedText;
            if (!evidence.Contains(contains, StringComparison.Ordinal))
            {
                problems.Add($"{module} {mode}: evidence lacks '{contains}': {evidence}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + run.Describe());
    }
}
