using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The real CLI on sample-suites/package-extensions: two single-phase C extensions inside one
/// package, both refused. Each is one finding under its dotted name with its importer, whether
/// CPython names it by its last component (3.12) or its dotted name (3.13+), and no per-module
/// line says again what the finding says.
/// </summary>
public sealed class PackageExtensionsTests
{
    private const string Suite = "package-extensions";

    private static CliRun Run(PythonInstallation python) => CachedRun.For(python, Suite, () => CliRun.Start(
        ["run", RepoPaths.SampleSuite(Suite), "-j", "2", "--python", python.Executable, "--json", "report.json"],
        environment: SampleExtensions.Environment(python, Suite)));

    [PythonTheory]
    public void EachRefusedExtensionIsOneFindingWithItsImporter(PythonInstallation python)
    {
        var run = Run(python);

        Assert.True(run.ExitCode == 3, run.Describe());
        var expectedVerdicts = MarkdownTable.Rows(Suite, "Modules").Select(r => KeyValuePair.Create(r[0], r[1])).OrderBy(p => p.Key, StringComparer.Ordinal);
        Assert.Equal(expectedVerdicts, ReportModules.Verdicts(run.ReadJson("report.json")));

        var causes = MarkdownTable.Rows(Suite, "Findings by cause");
        var findings = run.ReadJson("report.json")["findings"]!.AsArray().Where(f => (string)f!["kind"]! == "unsafe").ToList();
        Assert.Equal(causes.Select(c => c[0]), findings.Select(f => (string)f!["cause"]!["key"]!).Order(StringComparer.Ordinal));

        var lines = run.Stdout.Split('\n');
        // One UNSAFE line per extension, none per module (3.12 named one "_speedups", importer unknown).
        var unsafeLines = lines.Where(line => line.StartsWith("UNSAFE", StringComparison.Ordinal)).ToList();
        Assert.True(unsafeLines.Count == causes.Count, run.Describe());
        foreach (var cause in causes)
        {
            var extension = cause[0]["unsafe:".Length..];
            var heading = Assert.Single(unsafeLines, line => line.StartsWith($"UNSAFE    {extension} is refused in an isolated subinterpreter: in 4 modules: ", StringComparison.Ordinal));
            var block = lines.SkipWhile(line => line != heading).Skip(1).TakeWhile(line => line.StartsWith("          ", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
            Assert.Contains($"imported by: {cause[1]}", block);
            var brokeImport = MarkdownTable.Fragments(cause[2]);
            Assert.Equal(brokeImport.Select(module => $"broke the import of: {module}"), block.Where(line => line.StartsWith("broke the import of:", StringComparison.Ordinal)));
        }
        // The module whose import the refusal broke is in the finding; its comparison says nothing more.
        Assert.DoesNotContain(lines, line => line.StartsWith("PROCESS   test_imports_speedups_directly", StringComparison.Ordinal));
        // The JSON says the same: every unsafe import of every module names the dotted extension and who imported it.
        foreach (var module in run.ReadJson("report.json")["modules"]!.AsArray())
        {
            foreach (var unsafeImport in module!["unsafeImports"]!.AsArray())
            {
                Assert.StartsWith("twinparse.", (string)unsafeImport!["module"]!, StringComparison.Ordinal);
                Assert.Equal("twinparse", (string?)unsafeImport["importedBy"]);
            }
        }
    }
}
