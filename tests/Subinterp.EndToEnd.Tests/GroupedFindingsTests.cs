using System.Text.RegularExpressions;
using System.Xml.Linq;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The real CLI on sample-suites/one-refused-extension: one C accelerator refused in eight modules
/// is said once, with who imported it, what it broke and how many tests ran on the fallback, in
/// the console summary and the JUnit report; in legacy mode its shared objects are one leak cause.
/// </summary>
public sealed class GroupedFindingsTests
{
    private const string Suite = "one-refused-extension";

    private static CliRun Run(PythonInstallation python, string mode) => CachedRun.For(python, $"{Suite} {mode}", () => CliRun.Start(
        ["run", RepoPaths.SampleSuite(Suite), "-j", "2", "--python", python.Executable, "--mode", mode, "--json", "report.json", "--junit", "junit.xml"],
        environment: SampleExtensions.Environment(python, Suite)));

    [PythonTheory]
    public void TheRefusedExtensionIsOneFindingWithItsFallbackCounted(PythonInstallation python)
    {
        var run = Run(python, "isolated");

        Assert.True(run.ExitCode == 3, run.Describe());
        var expectedVerdicts = MarkdownTable.Rows(Suite, "Modules").Select(r => KeyValuePair.Create(r[0], r[1])).OrderBy(p => p.Key, StringComparer.Ordinal);
        Assert.Equal(expectedVerdicts, ReportModules.Verdicts(run.ReadJson("report.json")));

        var cause = MarkdownTable.Rows(Suite, "Findings by cause").Single();
        var lines = run.Stdout.Split('\n');
        // One UNSAFE line for the eight modules, none per module.
        var unsafeLine = Assert.Single(lines, line => line.StartsWith("UNSAFE", StringComparison.Ordinal));
        Assert.Equal($"UNSAFE    _fastcodec_speedups is refused in an isolated subinterpreter: in {cause[2]} modules: test_encode_ascii, test_encode_binary, test_encode_empty, " +
            "test_encode_large, test_encode_roundtrip, test_encode_unicode, test_imports_speedups_directly, test_requires_accelerator", unsafeLine);
        var block = lines.SkipWhile(line => line != unsafeLine).Skip(1).TakeWhile(line => line.StartsWith("          ", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
        Assert.Equal(
        [
            "imported by: fastcodec (in 7 modules), test_imports_speedups_directly",
            "broke the import of: test_imports_speedups_directly",
            $"broke the tests: {MarkdownTable.Fragments(cause[5]).Single()}",
            $"the import was caught in {cause[3]} modules: {cause[4]} tests ran on the fallback, without the extension",
        ], block);
        // The test the refusal broke passes in a plain process of the same Python: --compare-process (on by default) says so.
        Assert.Contains("ERROR     test_requires_accelerator.AcceleratorTests.test_encoder_type_is_exported (test_requires_accelerator.py:9): AttributeError: module 'fastcodec' has no attribute 'Encoder'  [subinterpreter-only]", lines);
    }

    [PythonTheory]
    public void TheJsonFindingsAreOneEntryPerCauseWithItsModulesTestsEvidenceAndJudgement(PythonInstallation python)
    {
        var run = Run(python, "isolated");

        var cause = MarkdownTable.Rows(Suite, "Findings by cause").Single();
        var findings = run.ReadJson("report.json")["findings"]!.AsArray();
        var refused = Assert.Single(findings, f => (string)f!["kind"]! == "unsafe")!;
        Assert.Equal("unsafe:_fastcodec_speedups", (string)refused["cause"]!["key"]!);
        Assert.Equal("_fastcodec_speedups is refused in an isolated subinterpreter", (string)refused["cause"]!["title"]!);
        var unsafeModules = MarkdownTable.Rows(Suite, "Modules").Where(r => r[1] == "unsafe").Select(r => r[0]).Order(StringComparer.Ordinal);
        Assert.Equal(unsafeModules, refused["modules"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(MarkdownTable.Fragments(cause[5]), refused["tests"]!.AsArray().Select(t => (string)t!));
        Assert.Equal((int.Parse(cause[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(cause[4], System.Globalization.CultureInfo.InvariantCulture)),
            ((int)refused["fallback"]!["modules"]!, (int)refused["fallback"]!["tests"]!));
        Assert.Contains("does not support loading in subinterpreters", (string)refused["evidence"]!, StringComparison.Ordinal);
        Assert.Equal(("test-code", true), ((string)refused["origin"]!, (bool)refused["fails"]!));
        // Each module's own finding, as the exit policy judged it, under its one cause.
        var members = refused["members"]!.AsArray();
        Assert.Equal(unsafeModules, members.Select(m => (string)m!["module"]!).Order(StringComparer.Ordinal));
        Assert.All(members, m => Assert.True((bool)m!["fails"]!));
    }

    [PythonTheory]
    public void JUnitHasOneCaseForTheCauseAndPointsEveryModuleToIt(PythonInstallation python)
    {
        var run = Run(python, "isolated");

        var suites = XDocument.Load(Path.Combine(run.WorkDir, "junit.xml")).Root!.Elements("testsuite").ToList();
        var causes = suites.Single(s => (string)s.Attribute("name")! == "findings by cause");
        var cause = Assert.Single(causes.Elements("testcase"));
        Assert.Equal("_fastcodec_speedups is refused in an isolated subinterpreter", (string)cause.Attribute("name")!);
        var error = cause.Element("error")!;
        Assert.Equal("UNSAFE _fastcodec_speedups is refused in an isolated subinterpreter (8 modules)", (string)error.Attribute("message")!);
        Assert.Contains("the import was caught in 7 modules: 13 tests ran on the fallback, without the extension", error.Value);
        Assert.Contains("module _fastcodec_speedups does not support loading in subinterpreters", error.Value);
        foreach (var row in MarkdownTable.Rows(Suite, "Modules").Where(r => r[1] == "unsafe"))
        {
            var suite = suites.Single(s => (string)s.Attribute("name")! == row[0]);
            // Said once, in the findings suite: no per-module <module> case repeats it.
            Assert.DoesNotContain(suite.Elements("testcase"), c => (string)c.Attribute("name")! == "<module>");
            Assert.Contains(suite.Element("properties")!.Elements("property"),
                p => (string)p.Attribute("name")! == "finding" && ((string)p.Attribute("value")!).Contains("\"_fastcodec_speedups is refused in an isolated subinterpreter\"", StringComparison.Ordinal));
        }
        Assert.Equal("1", (string)causes.Attribute("errors")!);
    }

    [PythonTheory]
    public void InLegacyModeTheSharedObjectsAreOneLeakCause(PythonInstallation python)
    {
        var run = Run(python, "legacy");

        Assert.True(run.ExitCode == 3, run.Describe());
        foreach (var row in MarkdownTable.Rows(Suite, "Findings by cause in legacy mode"))
        {
            var label = row[1] == "leak" ? "LEAKED" : "NEEDS GIL";
            var heading = Assert.Single(run.Stdout.Split('\n'), line => line.StartsWith(label, StringComparison.Ordinal));
            Assert.Matches(new Regex($@"^{label}\s+_fastcodec_speedups .*: in {row[2]} modules: test_encode_ascii, "), heading);
        }
        // Progress lines ("[ 3/9] LEAKED ...") aside, no module's leak is said on its own.
        Assert.DoesNotContain(run.Stdout.Split('\n'), line => line.StartsWith("LEAKED    test_", StringComparison.Ordinal));
    }
}
