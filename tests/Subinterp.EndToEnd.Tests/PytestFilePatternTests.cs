using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// Under the pytest engine the test modules are the files pytest itself collects: its python_files
/// (pytest.ini with continuation lines, pyproject.toml's list), or its default test_*.py and
/// *_test.py; checked against `pytest --collect-only` on the same folder.
/// </summary>
public sealed class PytestFilePatternTests
{
    private const string Passing = "def test_it():\n    assert True\n";
    private const string Failing = "def test_it():\n    assert False, 'pytest would not collect this file'\n";

    private static readonly (string Name, Dictionary<string, string> Files)[] Projects =
    [
        ("default", new() { ["pytest.ini"] = "[pytest]\nconsole_output_style = classic\n", ["test_a.py"] = Passing, ["b_test.py"] = Passing, ["helper.py"] = Failing }),
        ("ini", new()
        {
            ["pytest.ini"] = "[pytest]\npython_files =\n    check_*.py\n    *_spec.py\nconsole_output_style = classic\n",
            ["check_one.py"] = Passing, ["sub/thing_spec.py"] = Passing, ["test_not_named.py"] = Failing,
        }),
        ("pyproject", new()
        {
            ["pyproject.toml"] = "[tool.pytest.ini_options]\npython_files = [\"check_*.py\"]\n",
            ["check_one.py"] = Passing, ["test_not_named.py"] = Failing, ["b_test.py"] = Failing,
        }),
    ];

    [PythonTheory]
    public void PytestEngineRunsTheFilesPytestCollects(PythonInstallation python)
    {
        var venvPython = VenvWithPytest.For(python);
        foreach (var (name, files) in Projects)
        {
            var suite = TempSuite.Create("pytest-files-" + name, files);

            var run = CliRun.Start(["run", suite, "--python", venvPython, "--json", "r.json", "-j", "2"]);

            Assert.True(run.ExitCode == 0, $"{name}: {run.Describe()}");
            var report = run.ReadJson("r.json");
            Assert.Equal("pytest", (string)report["engine"]!);
            var ran = report["modules"]!.AsArray().Select(m => (string)m!["path"]!).Order(StringComparer.Ordinal).ToList();
            var collected = PythonCommand.Run(venvPython, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "--rootdir", suite, suite)
                .Split('\n').Where(line => line.Contains("::", StringComparison.Ordinal)).Select(line => line.Split("::")[0].Trim())
                .Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(collected);
            Assert.Equal(collected, ran);
        }
    }
}
