using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// Deep recursion ends in a subinterpreter as it does in a plain process of the same Python.
/// CPython 3.14+ limits C recursion by the thread's real stack size: on the slot threads' once
/// 256 MiB stacks a repr() of a 200,000-deep list recursed for minutes (a plain process raises
/// RecursionError within seconds).
/// </summary>
public sealed class RecursionLimitTests
{
    private const string DeepRepr = """
        import time
        value = []
        for _ in range(200_000):
            value = [value]
        start = time.perf_counter()
        try:
            repr(value)
            outcome = "no error"
        except RecursionError:
            outcome = "RecursionError"
        print(outcome)
        """;

    [PythonTheory]
    public void AReprOfA200000DeepListEndsAsInAPlainProcess(PythonInstallation python)
    {
        var plain = PythonCommand.Run(python, "-c", DeepRepr);
        var suite = TempSuite.Create("deep-repr", new Dictionary<string, string>
        {
            ["test_deep_repr.py"] = "import unittest\n\nclass DeepRepr(unittest.TestCase):\n    def test_repr(self):\n"
                + string.Join('\n', DeepRepr.Split('\n').Select(line => "        " + line)) + "\n",
        });

        var run = CliRun.Start(["run", suite, "--python", python.Executable, "-j", "1", "--timeout", "90", "--json", "report.json", "--no-compare-process"],
            timeout: TimeSpan.FromMinutes(4));

        Assert.True(run.ExitCode == 0, run.Describe());
        var test = ReportModules.Module(run.ReadJson("report.json"), "test_deep_repr")["tests"]!.AsArray().Single()!;
        Assert.Equal(plain, ((string?)test["stdout"] ?? "").Trim());
    }
}
