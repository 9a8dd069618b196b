using System.Text.RegularExpressions;
using System.Xml.Linq;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The real CLI on sample-suites/unsafe-extension (a single-phase C extension with static state,
/// a multi-phase one with per-module state, a pure-Python fallback, readline), built with the
/// chosen Python's headers, in isolated, legacy and both modes.
/// </summary>
public sealed class UnsafeExtensionTests
{
    private static CliRun Run(PythonInstallation python, string mode) => CachedRun.For(python, "unsafe-extension " + mode, () => CliRun.Start(
        ["run", RepoPaths.SampleSuite("unsafe-extension"), "-j", "2", "--python", python.Executable, "--engine", "unittest",
         "--mode", mode, "--json", "report.json", "--junit", "junit.xml"],
        environment: SampleExtensions.Environment(python, "unsafe-extension")));

    private static IEnumerable<KeyValuePair<string, string>> ExpectedVerdicts(string section, int verdictColumn) =>
        MarkdownTable.Rows("unsafe-extension", section).Select(r => KeyValuePair.Create(r[0], r[verdictColumn])).OrderBy(p => p.Key, StringComparer.Ordinal);

    [PythonTheory]
    public void IsolatedModeRefusesTheUnsafeExtensionAndReadlineAndLoadsTheSafeOne(PythonInstallation python)
    {
        var run = Run(python, "isolated");

        Assert.True(run.ExitCode == 3, run.Describe());
        var report = run.ReadJson("report.json");
        Assert.Equal(ExpectedVerdicts("Modules", 2), ReportModules.Verdicts(report));
        foreach (var row in MarkdownTable.Rows("unsafe-extension", "Unsafe imports"))
        {
            var unsafeImport = ReportModules.Module(report, row[0])["unsafeImports"]!.AsArray().Single()!;
            Assert.Equal(MarkdownTable.Fragments(row[1]).Single(), (string)unsafeImport["module"]!);
            Assert.Equal(MarkdownTable.Fragments(row[2]).Single(), (string)unsafeImport["importedBy"]!);
            Assert.Equal(MarkdownTable.Fragments(row[3]), unsafeImport["broke"]!.AsArray().Select(b => (string)b!));
            Assert.Contains("does not support loading in subinterpreters", (string)unsafeImport["error"]!);
        }
        var safe = ReportModules.Module(report, "test_safe_counter");
        Assert.Empty(ReportModules.Leaks(safe));
        Assert.Empty(safe["unsafeImports"]!.AsArray());
    }

    [PythonTheory]
    public void TracesAFallbackThatBreaksBackToTheRefusedDependency(PythonInstallation python)
    {
        var run = Run(python, "isolated");

        var fallback = ReportModules.Module(run.ReadJson("report.json"), "test_compat_fallback");
        var tests = fallback["tests"]!.AsArray().ToDictionary(t => (string)t!["id"]!, t => t!.AsObject());
        Assert.Equal("passed", (string)tests["test_compat_fallback.CompatFallbackTests.test_counts"]["outcome"]!);
        var broken = tests["test_compat_fallback.CompatFallbackTests.test_c_api"];
        Assert.Equal("error", (string)broken["outcome"]!);
        Assert.Contains("module 'counter_compat' has no attribute '_C_API'", (string)broken["message"]!);
        // _unsafe_counter is refused in two modules: one finding, naming who imported it and what broke.
        Assert.Contains("UNSAFE    _unsafe_counter is refused in an isolated subinterpreter: in 2 modules: test_compat_fallback, test_unsafe_counter\n" +
            "          imported by: counter_compat, test_unsafe_counter\n" +
            "          broke the import of: test_unsafe_counter\n" +
            "          broke the tests: test_compat_fallback.CompatFallbackTests.test_c_api\n" +
            "          the import was caught in 1 module: 1 test ran on the fallback, without the extension\n", run.Stdout);
        var suites = XDocument.Load(Path.Combine(run.WorkDir, "junit.xml")).Root!.Elements("testsuite").ToList();
        var cause = suites.Single(s => (string)s.Attribute("name")! == "findings by cause").Elements("testcase")
            .Single(c => (string)c.Attribute("name")! == "_unsafe_counter is refused in an isolated subinterpreter");
        Assert.Equal("UNSAFE _unsafe_counter is refused in an isolated subinterpreter (2 modules)", (string)cause.Element("error")!.Attribute("message")!);
        Assert.Contains("broke the tests: test_compat_fallback.CompatFallbackTests.test_c_api", cause.Element("error")!.Value);
        Assert.Contains(suites.Single(s => (string)s.Attribute("name")! == "test_compat_fallback").Descendants("property"),
            p => (string)p.Attribute("value")! == "UNSAFE test_compat_fallback: imports _unsafe_counter (imported by counter_compat): module _unsafe_counter does not support loading in subinterpreters; " +
                "broke test_compat_fallback.CompatFallbackTests.test_c_api (one cause with other modules: \"_unsafe_counter is refused in an isolated subinterpreter\" in the \"findings by cause\" suite)");
    }

    [PythonTheory]
    public void LegacyModeLoadsThemUnderTheSharedGilAndTheUnsafeExtensionLeaks(PythonInstallation python)
    {
        var run = Run(python, "legacy");

        Assert.True(run.ExitCode == 3, run.Describe());
        var report = run.ReadJson("report.json");
        Assert.Equal("legacy", (string)report["mode"]!);
        Assert.Equal(ExpectedVerdicts("Modules in legacy mode", 1), ReportModules.Verdicts(report));
        foreach (var row in MarkdownTable.Rows("unsafe-extension", "Shared-GIL imports"))
        {
            var sharedGil = ReportModules.Module(report, row[0])["sharedGilImports"]!.AsArray().Single()!;
            Assert.Equal(MarkdownTable.Fragments(row[1]).Single(), (string)sharedGil["module"]!);
            Assert.Contains(MarkdownTable.Fragments(row[2]).Single(), (string)sharedGil["reason"]!);
        }
        foreach (var row in MarkdownTable.Rows("unsafe-extension", "Leaks in legacy mode"))
        {
            var module = ReportModules.Module(report, row[0]);
            Assert.True(ReportModules.HasLeak(module, row[1], MarkdownTable.Fragments(row[2])),
                $"{row[0]}: no {row[1]} leak containing {row[2]}; got {string.Join("; ", ReportModules.Leaks(module))}");
        }
        foreach (var row in MarkdownTable.Rows("unsafe-extension", "Extension effects in legacy mode"))
        {
            var effect = report["extensionEffects"]!.AsArray().Single(e => (string)e!["extension"]! == row[0])!;
            Assert.Equal(row[1], (string)effect["origin"]!);
            var seenIn = MarkdownTable.Fragments(row[2]).Single();
            Assert.Contains(seenIn, effect["modules"]!.AsArray().Select(m => (string)m!));
            Assert.Contains(effect["changes"]!.AsArray(), change => ((string)change!["detail"]!).Contains(MarkdownTable.Fragments(row[3]).Single(), StringComparison.Ordinal));
            Assert.Empty(ReportModules.Leaks(ReportModules.Module(report, seenIn)));
        }
        var safe = ReportModules.Module(report, "test_safe_counter");
        Assert.Empty(ReportModules.Leaks(safe));
        Assert.Null(safe["sharedGilImports"]);
        Assert.Contains("NEEDS GIL test_readline: readline loaded only because the GIL is shared: single-phase init", run.Stdout);
    }

    /// <summary>
    /// Legacy mode's "loaded only because the GIL is shared" comes from the module's declaration; it
    /// must name exactly the extensions an isolated interpreter refuses. 3.15 renumbered the module
    /// slots and added export hooks (xxlimited): _decimal, _sqlite3, _hashlib... were once misread there.
    /// </summary>
    [PythonTheory]
    public void LegacyModeSaysNeedsGilForExactlyWhatIsolatedModeRefuses(PythonInstallation python)
    {
        var suite = TempSuite.Create("needs-gil", new Dictionary<string, string>
        {
            ["test_stdlib_extensions.py"] = """
                import sys, unittest
                import _bz2, _hashlib, _lzma, _sqlite3, xxlimited
                if sys.version_info >= (3, 13):
                    import _decimal  # single-phase on 3.12, whose isolated refusal corrupts the heap (gh-117953)

                class Loaded(unittest.TestCase):
                    def test_loaded(self):
                        self.assertIn("_sqlite3", sys.modules)
                """,
            ["test_single_phase.py"] = """
                import unittest
                import _testbuffer

                class Loaded(unittest.TestCase):
                    def test_loaded(self):
                        pass
                """,
        });
        var run = CliRun.Start(["run", suite, "--python", python.Executable, "--mode", "both", "-j", "2", "--json", "report.json", "--no-compare-process"]);

        var report = run.ReadJson("report.json");
        foreach (var module in new[] { "test_stdlib_extensions", "test_single_phase" })
        {
            var refused = (ReportModules.Module(report, module, "isolated")["unsafeImports"]?.AsArray() ?? []).Select(u => (string)u!["module"]!).Order();
            var needsGil = (ReportModules.Module(report, module, "legacy")["sharedGilImports"]?.AsArray() ?? []).Select(u => (string)u!["module"]!).Order();
            Assert.True(refused.SequenceEqual(needsGil), $"{module}: isolated refused [{string.Join(", ", refused)}], legacy says needs the GIL [{string.Join(", ", needsGil)}]\n{run.Describe()}");
        }
        Assert.Equal("passed", ReportModules.Verdict(ReportModules.Module(report, "test_stdlib_extensions", "legacy")));
        Assert.Contains("_testbuffer", (ReportModules.Module(report, "test_single_phase", "legacy")["sharedGilImports"]?.AsArray() ?? []).Select(u => (string)u!["module"]!));
    }

    [PythonTheory]
    public void BothModesReportTheTwoVerdictsSideBySide(PythonInstallation python)
    {
        var run = Run(python, "both");

        Assert.True(run.ExitCode == 3, run.Describe());
        var report = run.ReadJson("report.json");
        Assert.Equal("both", (string)report["mode"]!);
        Assert.Equal(8, report["modules"]!.AsArray().Count);
        Assert.Equal(ExpectedVerdicts("Modules", 2), ReportModules.Verdicts(report, "isolated"));
        Assert.Equal(ExpectedVerdicts("Modules in legacy mode", 1), ReportModules.Verdicts(report, "legacy"));
        Assert.Matches(new Regex(@"(?m)^test_unsafe_counter\s+unsafe\s+leaked\s+0/1\s+isolated refuses _unsafe_counter; legacy loads _unsafe_counter under the shared GIL"), run.Stdout);
        Assert.Matches(new Regex(@"(?m)^test_safe_counter\s+passed\s+passed\s+1/1$"), run.Stdout);
        Assert.Contains("UNSAFE    test_readline [isolated]: imports readline", run.Stdout);
        var suites = XDocument.Load(Path.Combine(run.WorkDir, "junit.xml")).Root!.Elements("testsuite").Select(s => (string)s.Attribute("name")!).ToList();
        Assert.Contains("test_readline [isolated]", suites);
        Assert.Contains("test_readline [legacy]", suites);
    }

    [PythonTheory]
    public void LifecycleCheckFindsNothingInTheSafeExtension(PythonInstallation python)
    {
        var run = CliRun.Start(
            ["run", Path.Combine(RepoPaths.SampleSuite("unsafe-extension"), "test_safe_counter.py"), "--repeat-lifecycles", "6",
             "--python", python.Executable, "--engine", "unittest", "--json", "report.json"],
            environment: SampleExtensions.Environment(python, "unsafe-extension"));

        Assert.True(run.ExitCode == 0, run.Describe());
        var module = ReportModules.Module(run.ReadJson("report.json"), "test_safe_counter");
        Assert.Equal("passed", ReportModules.Verdict(module));
        Assert.Empty(ReportModules.Leaks(module));
        var lifecycles = module["lifecycles"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal(6, lifecycles.Count);
        Assert.All(lifecycles, l => Assert.True((long)l["heapBytes"]! > 0));
    }
}
