using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A module's root goes first on sys.path unless it is there already, as unittest discovery and
/// pytest's prepend mode do: a second entry is not what a plain run has. CPython's test_venv copies
/// every sys.path folder holding os.py into a fake installation and failed on the stdlib's second
/// entry, in Subinterp's plain-process comparison too ("also in a process" of the comparison's own
/// making). Here the suite's folder is on PYTHONPATH, as the stdlib is on sys.path for CPython's own
/// test package; the module fails (in both) when it finds its folder twice.
/// </summary>
public sealed class ModuleRootOnSysPathTests
{
    private const string CountsItsFolder = """
        import os, sys, unittest

        HERE = os.path.dirname(os.path.abspath(__file__))
        COUNT = [os.path.abspath(entry) for entry in sys.path if entry].count(HERE)
        if COUNT != 1:
            raise ImportError("the suite's folder is on sys.path %d times: %r" % (COUNT, sys.path))

        def in_a_subinterpreter():
            try:
                import _interpreters as interpreters
            except ImportError:
                import _xxsubinterpreters as interpreters
            current = interpreters.get_current()
            return int(current[0] if isinstance(current, tuple) else current) != 0

        class SysPath(unittest.TestCase):
            def test_passes_only_in_a_plain_process(self):
                self.assertFalse(in_a_subinterpreter())
        """;

    [PythonTheory]
    public void ARootAlreadyOnSysPathIsNotAddedTwiceInTheInterpreterOrInTheComparisonProcess(PythonInstallation python)
    {
        var suite = TempSuite.Create("root-on-path", new Dictionary<string, string> { ["test_counts_its_folder.py"] = CountsItsFolder });

        var run = CliRun.Start(["run", suite, "-j", "1", "--python", python.Executable, "--json", "report.json"],
            environment: new Dictionary<string, string?> { ["PYTHONPATH"] = suite });

        var module = ReportModules.Module(run.ReadJson("report.json"), "test_counts_its_folder");
        // Imported in the subinterpreter and in the plain process alike: the folder was on sys.path once in both.
        Assert.True(module["error"] is null, run.Describe());
        var test = Assert.Single(module["tests"]!.AsArray())!;
        Assert.Equal("failed", (string)test["outcome"]!);
        Assert.Equal("subinterpreter-only", (string)test["comparison"]!);
        Assert.Equal("subinterpreter-only", (string)module["comparison"]!["label"]!);
    }
}
