using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests.Matrix;

/// <summary>
/// A module that crashes gets a crashes cell with crash advice, and a standalone reproducer next to
/// the matrix that reproduces the crash in a plain process of the same Python, without Subinterp
/// (sample-suites/crashing-extension/EXPECTED.md).
/// </summary>
public sealed class CrashReproducerTests
{
    private const string Module = "_crash_second_interpreter";

    [PythonTheory]
    public void ACrashGetsAStandaloneReproducerThatReproducesWithoutSubinterp(PythonInstallation python)
    {
        var run = CliRun.Start(["matrix", "--python", python.Executable, "--modules", Module, "--path", SampleExtensions.Folder(python, "crashing-extension"),
            "--mode", "both", "-j", "2", "--out", "matrix"], timeout: TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, run.Describe());
        var matrix = run.ReadJson("matrix/matrix.json");
        foreach (var mode in new[] { "isolated", "legacy" })
        {
            var cell = MatrixRun.Cell(matrix, Module, mode);
            Assert.True((string)cell["status"]! == "crashes", cell.ToJsonString());
            Assert.Equal("crash", (string)cell["advice"]!["category"]!);
            var reproducer = cell["reproducer"]!.AsObject();
            Assert.True((int)reproducer["reproduced"]! >= 1, reproducer.ToJsonString());
            Assert.Equal("alone", (string)reproducer["pattern"]!);
            var script = Path.Combine(run.WorkDir, "matrix", (string)reproducer["file"]!);
            Assert.True(File.Exists(script), $"no {script}");
            var text = File.ReadAllText(script);
            Assert.DoesNotContain("subinterp_driver", text, StringComparison.Ordinal);

            // The script alone, in a plain process of that Python: SIGABRT, the sample's abort().
            var plain = PlainRun(python.Executable, script);
            Assert.True(plain.ExitCode == 134, $"exit {plain.ExitCode}\n{plain.Stdout}\n{plain.Stderr}");
        }
        var markdown = File.ReadAllText(Path.Combine(run.WorkDir, "matrix", "matrix.md"));
        Assert.Contains($"[reproducers/{Module}-{python.Version.Major}.{python.Version.Minor}-legacy.py]", markdown, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Stdout, string Stderr) PlainRun(string python, string script)
    {
        var output = Subinterp.Runtime.Locating.PythonCommand.Run(python, [script], TimeSpan.FromMinutes(2))
            ?? throw new TimeoutException($"{script} did not finish in 2 minutes");
        return (output.ExitCode, output.Stdout, output.Stderr);
    }
}
