using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>`subinterp list`, `--test` and `-k` on both engines, and what a bad selection says.</summary>
public sealed class SelectionAndListingTests
{
    private static string Clean => RepoPaths.SampleSuite("clean");

    [PythonTheory]
    public void ListShowsEveryTestWithFileAndLineWithoutRunningAny(PythonInstallation python)
    {
        var run = CliRun.Start(["list", Clean, "--python", python.Executable, "--engine", "unittest", "--json", "list.json"]);

        Assert.True(run.ExitCode == 1, $"two modules cannot be imported: exit 1; {run.Describe()}");
        Assert.Contains("  test_arithmetic.ArithmeticTests.test_add  test_arithmetic.py:", run.Stdout);
        Assert.Contains("broken.test_syntax_error  (broken/test_syntax_error.py)  ERROR syntax: SyntaxError", run.Stdout);
        Assert.Contains("45 tests in 13 module(s); 2 module(s) could not be collected", run.Stdout);
        var listing = run.ReadJson("list.json");
        Assert.Equal("subinterp-list/1", (string)listing["schema"]!);
        var expected = ExpectedOutcomes.Load(Clean);
        var listed = listing["modules"]!.AsArray().SelectMany(m => m!["tests"]!.AsArray()).Select(t => (string)t!["id"]!).Order().ToList();
        Assert.Equal(expected.TestOutcomes.Keys.Order(), listed);
        var add = listing["modules"]!.AsArray().SelectMany(m => m!["tests"]!.AsArray()).Single(t => (string)t!["id"]! == "test_arithmetic.ArithmeticTests.test_add")!;
        Assert.Equal("test_arithmetic.py", (string)add["file"]!);
        Assert.True((int)add["line"]! > 0);
        // Nothing ran: a listing leaves no journal of results and no test output.
        Assert.DoesNotContain("hello from", run.Stdout);
    }

    [PythonTheory]
    public void ListUnderPytestGivesParametrisedIdsAndLocations(PythonInstallation python)
    {
        var run = CliRun.Start(["list", RepoPaths.SampleSuite("pytest-project"), "--python", VenvWithPytest.For(python), "--json", "list.json"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("(CPython", run.Stdout);
        Assert.Contains("pytest engine", run.Stdout);
        var tests = run.ReadJson("list.json")["modules"]!.AsArray().Single()!["tests"]!.AsArray();
        var expected = ExpectedOutcomes.Load(RepoPaths.SampleSuite("pytest-project"));
        Assert.Equal(expected.TestOutcomes.Keys.Order(), tests.Select(t => (string)t!["id"]!).Order());
        Assert.All(tests, t => Assert.Equal("test_shop.py", (string)t!["file"]!));
    }

    [PythonTheory]
    public void TestIdsRunOnlyTheirModulesAndTests(PythonInstallation python)
    {
        var run = CliRun.Start(["run", Clean, "--python", python.Executable, "--engine", "unittest", "--json", "r.json",
            "--test", "test_arithmetic.ArithmeticTests.test_add", "--test", "test_skips", "--test", "pkg.test_relative"]);

        Assert.True(run.ExitCode == 1, run.Describe()); // test_skips has an xpass
        var report = run.ReadJson("r.json");
        var modules = report["modules"]!.AsArray().Select(m => (string)m!["module"]!).ToList();
        Assert.Equal(["pkg.test_relative", "test_arithmetic", "test_skips"], modules);
        Assert.Equal(["test_arithmetic.ArithmeticTests.test_add"], Tests(report, "test_arithmetic"));
        Assert.Equal(6, Tests(report, "test_skips").Count);
        Assert.Contains("subinterp: 3 modules", run.Stdout);
    }

    [PythonTheory]
    public void PytestNodeIdsAndClassIdsSelectUnderThePytestEngine(PythonInstallation python)
    {
        var suite = RepoPaths.SampleSuite("pytest-project");
        var run = CliRun.Start(["run", suite, "--python", VenvWithPytest.For(python), "--json", "r.json",
            "--test", Path.Combine(suite, "test_shop.py") + "::test_take_keeps_one_in_stock", "--test", "test_shop.TestShopClass"]);

        var report = run.ReadJson("r.json");
        var expected = ExpectedOutcomes.Load(suite).TestOutcomes.Keys
            .Where(id => id.StartsWith("test_shop.test_take_keeps_one_in_stock[", StringComparison.Ordinal) || id.StartsWith("test_shop.TestShopClass.", StringComparison.Ordinal))
            .Order().ToList();
        Assert.True(expected.Count >= 4, string.Join(", ", expected));
        Assert.Equal(expected, Tests(report, "test_shop").Order());
        Assert.True(run.ExitCode == 1, run.Describe()); // [3] fails on purpose
    }

    [PythonTheory]
    public void KeywordSelectsByCaseInsensitiveSubstringAndStartsOnlyMatchingModules(PythonInstallation python)
    {
        var run = CliRun.Start(["run", Clean, "--python", python.Executable, "--engine", "unittest", "--json", "r.json", "-k", "ADD", "-k", "*nested*"]);

        var report = run.ReadJson("r.json");
        var ids = report["modules"]!.AsArray().SelectMany(m => m!["tests"]!.AsArray()).Select(t => (string)t!["id"]!).Order().ToList();
        var expected = ExpectedOutcomes.Load(Clean).TestOutcomes.Keys
            .Where(id => id.Contains("add", StringComparison.OrdinalIgnoreCase) || id.Contains("nested", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(expected, ids);
        // The modules that cannot be imported are run to show why, never silently dropped.
        var modules = report["modules"]!.AsArray().Select(m => (string)m!["module"]!).ToList();
        Assert.Contains("broken.test_syntax_error", modules);
        Assert.DoesNotContain("test_output", modules);
        Assert.Contains("could not be collected, so they run to show why", run.Stderr);
    }

    [PythonTheory]
    public void APackagesIdRunsEveryModuleInIt(PythonInstallation python)
    {
        // As `python -m test test_inspect` runs CPython's test package test_inspect/.
        var run = CliRun.Start(["run", Clean, "--python", python.Executable, "--test", "broken", "--json", "r.json", "--no-compare-process"]);

        Assert.Equal(["broken.test_import_error", "broken.test_syntax_error"],
            run.ReadJson("r.json")["modules"]!.AsArray().Select(m => (string)m!["module"]!).Order(StringComparer.Ordinal));
    }

    [PythonTheory]
    public void AnUnknownTestIdIsAnErrorThatNamesIt(PythonInstallation python)
    {
        var unknownModule = CliRun.Start(["run", Clean, "--python", python.Executable, "--test", "test_arithmatic.ArithmeticTests.test_add"]);
        Assert.True(unknownModule.ExitCode == 2, unknownModule.Describe());
        Assert.Contains("--test test_arithmatic.ArithmeticTests.test_add: no test module found for it (modules with similar names: test_arithmetic)", unknownModule.Stderr);

        var unknownTest = CliRun.Start(["run", Clean, "--python", python.Executable, "--engine", "unittest", "--json", "r.json",
            "--test", "test_arithmetic.ArithmeticTests.test_nope"]);
        Assert.True(unknownTest.ExitCode == 2, unknownTest.Describe());
        Assert.Contains("subinterp: --test test_arithmetic.ArithmeticTests.test_nope: no such test in test_arithmetic (it has: test_arithmetic.ArithmeticTests.test_add", unknownTest.Stderr);
        Assert.Empty(Tests(unknownTest.ReadJson("r.json"), "test_arithmetic"));

        var noMatch = CliRun.Start(["run", Clean, "--python", python.Executable, "-k", "no_test_is_called_this"]);
        Assert.True(noMatch.ExitCode == 2, noMatch.Describe());
        Assert.Contains("-k no_test_is_called_this: no test id matches among the 15 module(s) found", noMatch.Stderr);
    }

    [PythonTheory]
    public void ListingAFolderWithoutTestsExitsTwo(PythonInstallation python)
    {
        var empty = TempSuite.Create("empty", new Dictionary<string, string> { ["test_nothing.py"] = "X = 1\n" });
        var run = CliRun.Start(["list", empty, "--python", python.Executable]);
        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("the modules found hold no tests", run.Stderr);

        var noModules = TempSuite.Create("nomodules", new Dictionary<string, string> { ["helper.py"] = "X = 1\n" });
        var none = CliRun.Start(["list", noModules, "--python", python.Executable]);
        Assert.True(none.ExitCode == 2, none.Describe());
        Assert.Contains("no test modules matching 'test*.py'", none.Stderr);
    }

    private static List<string> Tests(JsonObject report, string module) =>
        ReportModules.Module(report, module)["tests"]!.AsArray().Select(t => (string)t!["id"]!).ToList();
}
