using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>Real pytest inside each subinterpreter, from a venv, chosen by `--engine auto` through pytest.ini.</summary>
public sealed class PytestEngineTests
{
    [PythonTheory]
    public void AutoEngineRunsPytestProjectFromAVenv(PythonInstallation python)
    {
        var venvPython = VenvWithPytest.For(python);

        var run = CliRun.Start(["run", RepoPaths.SampleSuite("pytest-project"), "--python", venvPython, "--json", "r.json"]);

        Assert.True(run.ExitCode == 1, run.Describe());
        var report = run.ReadJson("r.json");
        Assert.Equal("pytest", (string)report["engine"]!);
        Assert.Equal(venvPython, (string)report["python"]!["executable"]!);
        var expected = ExpectedOutcomes.Load(RepoPaths.SampleSuite("pytest-project"));
        var module = report["modules"]!.AsArray().Single()!;
        Assert.Equal(expected.ModuleVerdicts["test_shop"], (string)module["verdict"]!);
        var tests = module["tests"]!.AsArray().Select(t => KeyValuePair.Create((string)t!["id"]!, (string)t["outcome"]!));
        Assert.Equal(expected.TestOutcomes.OrderBy(p => p.Key), tests.OrderBy(p => p.Key));
        var failing = module["tests"]!.AsArray().Single(t => (string)t!["outcome"]! == "failed")!;
        Assert.Equal("test_shop.py", (string)failing["file"]!);
        Assert.True((int)failing["line"]! > 0);
    }

    [PythonTheory]
    public void PytestEngineRunsUnittestSuites(PythonInstallation python)
    {
        var venvPython = VenvWithPytest.For(python);

        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "--engine", "pytest", "--python", venvPython, "--json", "r.json", "-j", "2"]);

        Assert.True(run.ExitCode == 1, run.Describe());
        var modules = run.ReadJson("r.json")["modules"]!.AsArray().ToDictionary(m => (string)m!["module"]!, m => m!);
        Assert.Equal("passed", (string)modules["test_arithmetic"]["verdict"]!);
        Assert.Equal("failed", (string)modules["test_failures"]["verdict"]!);
        Assert.Equal("error", (string)modules["broken.test_syntax_error"]["verdict"]!);
        Assert.Equal("passed", (string)modules["pkg.sub.test_nested"]["verdict"]!);
        Assert.Equal("passed", (string)modules["isolation.test_b_checks_global"]["verdict"]!);
        // pytest counts both as failed; only the exception that is not an assertion is named, and only
        // the assertion would be run again alone had it failed beside a neighbour.
        var failures = modules["test_failures"]["tests"]!.AsArray().ToDictionary(t => (string)t!["id"]!, t => t!);
        Assert.Equal("failed", (string)failures["test_failures.FailureTests.test_raises_unexpected"]["outcome"]!);
        Assert.Equal("ValueError", (string?)failures["test_failures.FailureTests.test_raises_unexpected"]["raised"]);
        Assert.Equal("failed", (string)failures["test_failures.FailureTests.test_assertion_fails"]["outcome"]!);
        Assert.Null(failures["test_failures.FailureTests.test_assertion_fails"]["raised"]);
    }
}
