using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// [tool.subinterp] in pyproject.toml is read the same way by `run` and `list` (the adapter's
/// side is in Subinterp.Adapter.Tests), and a mistake in it is named with the file, line and
/// column in our words.
/// </summary>
public sealed class ProjectConfigurationTests
{
    /// <summary>A project whose pyproject.toml chooses the paths, the file pattern, both modes and the engine: none of them the defaults.</summary>
    internal static string Project(string pyproject = """
        [tool.subinterp]
        paths = ["tests"]
        pattern = "check_*.py"
        mode = "both"
        engine = "unittest"
        """) => TempSuite.Create("pyproject", new Dictionary<string, string>
    {
        ["pyproject.toml"] = pyproject,
        ["tests/check_alpha.py"] = "import unittest\n\nclass Alpha(unittest.TestCase):\n    def test_one(self):\n        pass\n\n    def test_two(self):\n        pass\n",
        ["tests/check_beta.py"] = "import unittest\n\nclass Beta(unittest.TestCase):\n    def test_one(self):\n        pass\n",
        // Matches the default pattern only: a front door that ignores pyproject.toml plans it, and it fails.
        ["tests/test_not_planned.py"] = "import unittest\n\nclass NotPlanned(unittest.TestCase):\n    def test_fails(self):\n        self.fail('pattern from pyproject.toml ignored')\n",
    });

    [PythonTheory]
    public void ListAndRunPlanWhatPyprojectSaysWithoutArguments(PythonInstallation python)
    {
        var project = Project();

        var list = CliRun.Start(["list", "--python", python.Executable, "--json", "list.json"], project);
        var run = CliRun.Start(["run", "--python", python.Executable, "-j", "2", "--json", "run.json"], project);

        Assert.True(list.ExitCode == 0, list.Describe());
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains($"subinterp: settings from [tool.subinterp] in {Path.Combine(project, "pyproject.toml")}", list.Stderr);
        var listing = list.ReadJson("list.json");
        Assert.Equal("both", (string)listing["mode"]!);
        Assert.Equal("unittest", (string)listing["engine"]!);
        Assert.Equal(["check_alpha", "check_beta"], listing["modules"]!.AsArray().Select(m => (string)m!["module"]!));
        Assert.Contains("3 tests in 2 module(s) (CPython " + python.VersionText + ", both, unittest engine)", list.Stdout);
        var report = run.ReadJson("run.json");
        Assert.Equal("both", (string)report["mode"]!);
        Assert.Equal(Plan(listing), report["modules"]!.AsArray().Select(m => $"{m!["module"]} [{m["mode"]}]").Order(StringComparer.Ordinal));
    }

    /// <summary>Every (module, mode) a listing stands for: each listed module in each of its modes.</summary>
    internal static IEnumerable<string> Plan(JsonObject listing) =>
        listing["modules"]!.AsArray()
            .SelectMany(m => ((string)listing["mode"]! == "both" ? new[] { "isolated", "legacy" } : [(string)listing["mode"]!]).Select(mode => $"{m!["module"]} [{mode}]"))
            .Order(StringComparer.Ordinal);

    [Theory]
    [InlineData("[tool.subinterp]\nmode = \"both\"\n[tool.subinterp\n", ":3:16: not valid TOML: expected ']' but found the end of the line. Fix the file.")]
    [InlineData("[tool.subinterp]\npaths = [\"tests\"]\njobs = \"2\"\n", ":3:1: tool.subinterp.jobs is the string \"2\": give a whole number of slots, at least 1.")]
    [InlineData("[tool.subinterp]\npaths = [\"tests\"]\nmdoe = \"both\"\n", ":3:1: tool.subinterp.mdoe is not a Subinterp setting: the settings are paths, python, mode, jobs")]
    public void ABrokenPyprojectIsNamedWithItsLineAndColumnInOurWords(string pyproject, string message)
    {
        var project = Project(pyproject);
        var file = Path.Combine(project, "pyproject.toml");

        foreach (var command in new[] { "run", "list" })
        {
            var run = CliRun.Start([command, "tests"], project);

            Assert.True(run.ExitCode == 2, run.Describe());
            Assert.StartsWith($"subinterp: {file}{message}", run.Stderr);
            Assert.DoesNotContain("Tomlyn", run.Stderr);
            Assert.DoesNotContain("Exception", run.Stderr);
        }
    }

    [Fact]
    public void HelpShowsTheDefaultModuleTimeout()
    {
        var help = CliRun.Start(["run", "--help"]);

        Assert.True(help.ExitCode == 0, help.Describe());
        var timeout = help.Stdout.Split('\n').Single(line => line.TrimStart().StartsWith("--timeout", StringComparison.Ordinal));
        Assert.Contains("0: no limit", timeout);
        Assert.Contains("Default: 1200 (20 minutes, what CPython's buildbots give regrtest).", timeout);
    }

    [PythonTheory]
    public void AModuleWellPastItsLastRunSaysSoWhileItRuns(PythonInstallation python)
    {
        // Took 0.1 s when it last ran here; now it takes 13 s.
        var suite = TempSuite.Create("overdue", new Dictionary<string, string>
        {
            ["tests/test_slow_today.py"] = "import time\nimport unittest\n\nclass Slow(unittest.TestCase):\n    def test_sleeps(self):\n        time.sleep(13)\n",
            [".subinterp/durations.json"] = """{ "tests/test_slow_today.py": 100 }""",
        });

        var run = CliRun.Start(["run", "tests", "--python", python.Executable, "--progress", "lines", "--timeout", "600"], suite);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Matches(@"\[   slow\] test_slow_today has run 0:1\d, usually 0:00 \(its last run here\); it is stopped at 10:00 \(--timeout\)", run.Stdout);
        Assert.Matches(@"PASSED    test_slow_today \(1 passed, 1\d\d\d\d ms, usually 100 ms\)", run.Stdout);
    }
}
