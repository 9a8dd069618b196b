using System.Text.Json.Nodes;
using System.Xml.Linq;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// --compare-process (the default): a module that failed, errored or was unsafe runs again in a
/// plain process of the same Python, and each failure says whether it happens only in a
/// subinterpreter or in a process too, in the JSON report, on the console and in JUnit.
/// </summary>
public sealed class CompareProcessTests
{
    private static readonly Dictionary<string, string> Suite = new()
    {
        ["test_forks.py"] = """
            import os
            import unittest

            class Forks(unittest.TestCase):
                def test_fork(self):
                    pid = os.fork()
                    if pid == 0:
                        os._exit(0)
                    os.waitpid(pid, 0)

                def test_fine(self):
                    pass
            """,
        ["test_signal_handler.py"] = """
            import signal
            import unittest

            class SignalHandler(unittest.TestCase):
                def test_installs_a_handler(self):
                    previous = signal.signal(signal.SIGUSR2, lambda *args: None)
                    signal.signal(signal.SIGUSR2, previous)
            """,
        ["test_refused_extension.py"] = """
            import unittest

            import _testcapi  # single-phase: an isolated interpreter refuses it


            class RefusedExtension(unittest.TestCase):
                def test_uses_it(self):
                    self.assertTrue(hasattr(_testcapi, "INT_MAX"))
            """,
        ["test_fails_anyway.py"] = """
            import unittest

            class FailsAnyway(unittest.TestCase):
                def test_wrong_sum(self):
                    self.assertEqual(1 + 1, 3)

                def test_raises(self):
                    raise KeyError("missing")
            """,
        ["test_mixed.py"] = """
            import os
            import unittest

            class Mixed(unittest.TestCase):
                def test_fork(self):
                    pid = os.fork()
                    if pid == 0:
                        os._exit(0)
                    os.waitpid(pid, 0)

                def test_wrong(self):
                    self.assertIn("x", "abc")
            """,
        ["test_passes.py"] = """
            import unittest

            class Passes(unittest.TestCase):
                def test_ok(self):
                    pass
            """,
    };

    private static CliRun Run(PythonInstallation python) => CachedRun.For(python, "compare-process", () => CliRun.Start(
        ["run", TempSuite.Create("compare", Suite), "-j", "2", "--python", python.Executable, "--engine", "unittest", "--json", "r.json", "--junit", "j.xml"]));

    private static JsonObject Module(CliRun run, string name) => ReportModules.Module(run.ReadJson("r.json"), name);

    private static string? Label(JsonObject module, string test) =>
        (string?)module["tests"]!.AsArray().Single(t => (string)t!["id"]! == test)!["comparison"];

    [PythonTheory]
    public void FailuresOnlyASubinterpreterCausesAreLabelledSubinterpreterOnly(PythonInstallation python)
    {
        var run = Run(python);

        var forks = Module(run, "test_forks");
        Assert.Equal("subinterpreter-only", Label(forks, "test_forks.Forks.test_fork"));
        Assert.Null(Label(forks, "test_forks.Forks.test_fine"));
        Assert.Equal("subinterpreter-only", (string)forks["comparison"]!["label"]!);
        Assert.Equal("passed", (string)forks["comparison"]!["verdict"]!);
        Assert.Equal("subinterpreter-only", Label(Module(run, "test_signal_handler"), "test_signal_handler.SignalHandler.test_installs_a_handler"));
        var refused = Module(run, "test_refused_extension");
        Assert.Equal("unsafe", ReportModules.Verdict(refused));
        Assert.Equal("subinterpreter-only", (string)refused["comparison"]!["label"]!);
        Assert.Contains("only in a subinterpreter", (string)refused["comparison"]!["module"]!);
        Assert.Contains(run.Stdout.Split('\n'), l => l.Contains("test_forks.Forks.test_fork", StringComparison.Ordinal) && l.EndsWith("[subinterpreter-only]", StringComparison.Ordinal));
        // The console says it once: the refusal's finding names the import it broke, and a refusal is
        // subinterpreter-only by definition, so no PROCESS line repeats it (the JSON keeps the comparison).
        Assert.Contains(run.Stdout.Split('\n'), l => l.StartsWith("UNSAFE    test_refused_extension: ", StringComparison.Ordinal) && l.Contains("broke the module's import", StringComparison.Ordinal));
        Assert.DoesNotContain("PROCESS   test_refused_extension", run.Stdout);
    }

    [PythonTheory]
    public void FailuresThatHappenInAProcessTooAreLabelledAlsoInProcess(PythonInstallation python)
    {
        var run = Run(python);

        var anyway = Module(run, "test_fails_anyway");
        Assert.Equal("also-in-process", Label(anyway, "test_fails_anyway.FailsAnyway.test_wrong_sum"));
        Assert.Equal("also-in-process", Label(anyway, "test_fails_anyway.FailsAnyway.test_raises"));
        Assert.Equal("also-in-process", (string)anyway["comparison"]!["label"]!);
        Assert.Equal("failed", (string)anyway["comparison"]!["verdict"]!);
        var mixed = Module(run, "test_mixed");
        Assert.Equal("subinterpreter-only", Label(mixed, "test_mixed.Mixed.test_fork"));
        Assert.Equal("also-in-process", Label(mixed, "test_mixed.Mixed.test_wrong"));
        Assert.Equal("mixed", (string)mixed["comparison"]!["label"]!);
        Assert.Null(Module(run, "test_passes")["comparison"]);
        Assert.Contains(run.Stdout.Split('\n'), l => l.Contains("test_fails_anyway.FailsAnyway.test_wrong_sum", StringComparison.Ordinal) && l.EndsWith("[also in a process]", StringComparison.Ordinal));
    }

    [PythonTheory]
    public void JUnitCarriesTheLabels(PythonInstallation python)
    {
        var run = Run(python);

        var cases = XDocument.Load(Path.Combine(run.WorkDir, "j.xml")).Descendants("testcase").ToList();
        var fork = cases.Single(c => (string)c.Attribute("name")! == "Forks.test_fork");
        Assert.StartsWith("[subinterpreter-only] ", (string)fork.Elements().Single(e => e.Name == "error" || e.Name == "failure").Attribute("message")!);
        Assert.Equal("subinterpreter-only", (string)fork.Element("properties")!.Element("property")!.Attribute("value")!);
        var wrong = cases.Single(c => (string)c.Attribute("name")! == "FailsAnyway.test_wrong_sum");
        Assert.StartsWith("[also-in-process] ", (string)wrong.Element("failure")!.Attribute("message")!);
    }

    [PythonTheory]
    public void NoCompareProcessLeavesFailuresUnlabelled(PythonInstallation python)
    {
        var run = CliRun.Start(["run", TempSuite.Create("no-compare", Suite), "-j", "2", "--python", python.Executable, "--engine", "unittest",
            "--json", "r.json", "--no-compare-process"]);

        Assert.Null(Module(run, "test_forks")["comparison"]);
        Assert.Null(Label(Module(run, "test_fails_anyway"), "test_fails_anyway.FailsAnyway.test_wrong_sum"));
        Assert.DoesNotContain("comparing", run.Stderr);
    }
}
