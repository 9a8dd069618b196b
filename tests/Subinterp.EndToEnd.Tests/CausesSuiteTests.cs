using System.Text.Json.Nodes;
using System.Xml.Linq;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// sample-suites/causes: doctest modules, a pytest suite, a library whose init installs a handler,
/// and one module per process leak kind. Every finding names its cause: readline's init effect
/// (reached through doctest → pdb → rlcompleter) is reported once and does not fail the run,
/// pytest's variables are never findings, the library's effect is the library's, and each real
/// leak is its module's with its kind (EXPECTED.md).
/// </summary>
public sealed class CausesSuiteTests
{
    private static string Folder(string part) => Path.Combine(RepoPaths.SampleSuite("causes"), part);

    private static CliRun RunUnittest(PythonInstallation python, string jobs) => CachedRun.For(python, "causes unittest -j " + jobs, () => CliRun.Start(
        ["run", Folder("unittest"), "-j", jobs, "--python", python.Executable, "--json", "report.json", "--junit", "junit.xml"],
        environment: SampleExtensions.Environment(python, "causes")));

    private static CliRun RunPytest(PythonInstallation python) => CachedRun.For(python, "causes pytest", () => CliRun.Start(
        ["run", Folder("pytest"), "-j", "2", "--python", VenvWithPytest.For(python), "--json", "report.json"]));

    private static IReadOnlyList<string[]> Rows(string section) => MarkdownTable.Rows("causes", section);

    private static JsonObject Effect(JsonObject report, string extension) =>
        report["extensionEffects"]!.AsArray().Select(e => e!.AsObject()).Single(e => (string)e["extension"]! == extension);

    private static string Joined(JsonNode? array) => string.Join(" ", array!.AsArray().Select(item => item is JsonObject o ? $"{o["kind"]}: {o["detail"]}" : (string)item!));

    [PythonTheory]
    public void EveryRealLeakIsItsModulesWithItsKind(PythonInstallation python)
    {
        foreach (var jobs in new[] { "1", "2" })
        {
            var run = RunUnittest(python, jobs);

            Assert.True(run.ExitCode == 3, $"-j {jobs}: leaks and the library's effect fail the run; {run.Describe()}");
            var report = run.ReadJson("report.json");
            Assert.Equal(Rows("Modules").Select(r => KeyValuePair.Create(r[0], r[2])).OrderBy(p => p.Key, StringComparer.Ordinal), ReportModules.Verdicts(report));
            var leaky = Rows("Leaks").ToDictionary(r => r[0]);
            foreach (var (name, _) in ReportModules.Verdicts(report))
            {
                var leaks = ReportModules.Leaks(ReportModules.Module(report, name));
                if (leaky.TryGetValue(name, out var row))
                {
                    Assert.True(leaks.Count == 1 && ReportModules.HasLeak(ReportModules.Module(report, name), row[1], MarkdownTable.Fragments(row[2])),
                        $"-j {jobs} {name}: expected one {row[1]} leak containing {row[2]}; got {string.Join("; ", leaks)}");
                }
                else
                {
                    Assert.True(leaks.Count == 0, $"-j {jobs} {name} is blamed for {string.Join("; ", leaks)}");
                }
            }
        }
    }

    [PythonTheory]
    public void ReadlinesInitIsReportedOnceAsItsEffectAndTheLibrarysAsTheLibrarys(PythonInstallation python)
    {
        var run = RunUnittest(python, "2");

        var report = run.ReadJson("report.json");
        foreach (var row in Rows("Effects"))
        {
            var effect = Effect(report, row[0]);
            Assert.Equal(row[1], (string)effect["origin"]!);
            var chain = effect["importChain"]!.AsArray().Select(name => (string)name!).ToList();
            Assert.All(MarkdownTable.Fragments(row[3]), part => Assert.Contains(part, chain));
            Assert.All(MarkdownTable.Fragments(row[4]), part => Assert.Contains(part, Joined(effect["changes"]), StringComparison.Ordinal));
            var finding = report["findings"]!.AsArray().Single(f => (string)f!["cause"]!["key"]! == "effect:" + row[0])!;
            Assert.StartsWith(row[0] + "'s initialisation", (string)Assert.Single(finding["members"]!.AsArray())!["detail"]!, StringComparison.Ordinal);
            Assert.Equal(row[2] == "yes", (bool)finding["fails"]!);
        }
        Assert.Equal(["gh-46927", "gh-117953"], Effect(report, "readline")["cpythonIssues"]!.AsArray().Select(i => (string)i!));
        // Once, on the console too, with whether it fails the run.
        Assert.Single(run.Stdout.Split('\n'), line => line.StartsWith("EFFECT    readline's initialisation (imported ", StringComparison.Ordinal)
            && line.EndsWith("[stdlib: does not fail the run]", StringComparison.Ordinal));
        Assert.Single(run.Stdout.Split('\n'), line => line.StartsWith("EFFECT    _causes_hooks's initialisation", StringComparison.Ordinal)
            && !line.Contains("does not fail the run", StringComparison.Ordinal));
        var effects = XDocument.Load(Path.Combine(run.WorkDir, "junit.xml")).Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "extension effects");
        Assert.Null(effects.Elements("testcase").Single(c => (string)c.Attribute("name")! == "readline").Element("error"));
        Assert.NotNull(effects.Elements("testcase").Single(c => (string)c.Attribute("name")! == "_causes_hooks").Element("error"));
    }

    [PythonTheory]
    public void APytestSuiteHasNoFindingAboutPytestsOwnStateNorAgainstAnyModule(PythonInstallation python)
    {
        var run = RunPytest(python);

        Assert.True(run.ExitCode == 0, run.Describe());
        var report = run.ReadJson("report.json");
        Assert.Equal("pytest", (string)report["engine"]!);
        Assert.Equal(Rows("pytest modules").Select(r => KeyValuePair.Create(r[0], r[2])).OrderBy(p => p.Key, StringComparer.Ordinal), ReportModules.Verdicts(report));
        foreach (var module in report["modules"]!.AsArray())
        {
            Assert.Empty(ReportModules.Leaks(module!.AsObject()));
        }
        // Information (on 3.12 datetime's refused _datetime, absorbed by its pure-Python fallback) is no finding against a module.
        // pytest's own /dev/null, capture files, variables and its import of readline (_pytest.capture) are never findings;
        // readline reached through doctest (before pytest imports it, on a pytest that does not) is the stdlib's, and does not fail the run.
        foreach (var finding in report["findings"]!.AsArray().Where(f => !(bool)f!["information"]!))
        {
            Assert.Equal(("effect", "stdlib", false), ((string)finding!["kind"]!, (string)finding["origin"]!, (bool)finding["fails"]!));
        }
        var readline = report["extensionEffects"]!.AsArray().Select(e => e!.AsObject()).SingleOrDefault(e => (string)e["extension"]! == "readline");
        if (readline is not null && (string)readline["importChain"]![0]! == "_pytest.capture")
        {
            Assert.True((bool)readline["byFramework"]!, "pytest's import of readline is pytest's doing");
        }
        Assert.DoesNotContain("PYTEST_", run.Stdout + run.Stderr);
        Assert.DoesNotContain("/dev/null", run.Stdout + run.Stderr);
    }

    [PythonTheory]
    public void FailOnDecidesWhichCausesFailTheRun(PythonInstallation python)
    {
        var pytest = VenvWithPytest.For(python);

        var all = CliRun.Start(["run", Folder("pytest"), "-j", "2", "--python", pytest, "--fail-on", "all", "--no-compare-process"]);
        Assert.True(all.ExitCode == 0, $"--fail-on all: pytest's own import of readline is no finding at all; {all.Describe()}");
        var stdlib = CliRun.Start(["run", Folder("unittest"), "-j", "1", "--python", python.Executable, "--fail-on", "stdlib"],
            environment: SampleExtensions.Environment(python, "causes"));
        Assert.True(stdlib.ExitCode == 3, $"--fail-on stdlib counts readline's effect, reached through doctest; {stdlib.Describe()}");
        var leaksOnly = CliRun.Start(["run", Folder("unittest"), "-j", "1", "--python", python.Executable, "--fail-on", "effect"],
            environment: SampleExtensions.Environment(python, "causes"));
        Assert.True(leaksOnly.ExitCode == 3, $"--fail-on effect counts _causes_hooks's effect (test-code); {leaksOnly.Describe()}");
        Assert.Contains("LEAKED    test_umask_leak: umask: umask changed from ", leaksOnly.Stdout);
        Assert.Contains("[test-code: does not fail the run]", leaksOnly.Stdout);
        var none = CliRun.Start(["run", Folder("unittest"), "-j", "1", "--python", python.Executable, "--fail-on", "none"],
            environment: SampleExtensions.Environment(python, "causes"));
        Assert.True(none.ExitCode == 0, $"--fail-on none: findings are reported, the run passes; {none.Describe()}");
        Assert.Contains("LEAKED    test_environ_leak: environ: CAUSES_LEFT_BEHIND set to '1' (was unset)", none.Stdout);
    }
}
