using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// sample-suites/setup-effects, a pytest suite shaped like a C extension's (a conftest that sets a
/// variable at import, a helper that leaves a descriptor open, a refused fork, a C accelerator):
/// each change is named at the line that made it, the same findings come out of every run at -j 2,
/// and none is about pytest's own state (EXPECTED.md).
/// </summary>
public sealed class CodeEffectsTests
{
    private const int Runs = 5;

    private static CliRun Run(PythonInstallation python, string? json = "report.json", params string[] more) => CliRun.Start(
        ["run", RepoPaths.SampleSuite("setup-effects"), "-j", "2", "--python", VenvWithPytest.For(python), "--no-compare-process", .. json is null ? [] : new[] { "--json", json }, .. more],
        environment: SampleExtensions.Environment(python, "setup-effects"));

    /// <summary>What a run found, as (cause, kind, fails, modules, member details), in order.</summary>
    private static List<string> Findings(JsonObject report) => [.. report["findings"]!.AsArray()
        .Where(group => !(bool)group!["information"]!)
        .Select(group => string.Join(" | ", (string)group!["cause"]!["key"]!, (string)group["kind"]!, (bool)group["fails"]! ? "fails" : "passes",
            string.Join(",", group["modules"]!.AsArray().Select(m => (string)m!)),
            string.Join(" / ", group["members"]!.AsArray().Select(m => (string)m!["detail"]!).Order(StringComparer.Ordinal))))
        .Order(StringComparer.Ordinal)];

    [PythonTheory]
    public void FiveRunsAtTwoSlotsFindTheSameThingsEachNamedAtItsLine(PythonInstallation python)
    {
        var seen = new List<List<string>>();
        for (var run = 0; run < Runs; run++)
        {
            var result = Run(python);
            Assert.True(result.ExitCode == 3, $"run {run + 1}: the helper's descriptor and the refused fork fail the run; {result.Describe()}");
            var report = result.ReadJson("report.json");
            Assert.Equal(MarkdownTable.Rows("setup-effects", "Modules").Select(r => KeyValuePair.Create(r[0], r[2])).OrderBy(p => p.Key, StringComparer.Ordinal),
                ReportModules.Verdicts(report));
            seen.Add(Findings(report));
            Assert.DoesNotContain("PYTEST_", result.Stdout + result.Stderr);
            Assert.DoesNotContain("/dev/null", result.Stdout + result.Stderr);
        }
        Assert.All(seen.Skip(1), other => Assert.Equal(seen[0], other));

        var last = Run(python).ReadJson("report.json");
        var groups = last["findings"]!.AsArray().Select(g => g!.AsObject()).Where(g => !(bool)g["information"]!).ToList();
        var rows = MarkdownTable.Rows("setup-effects", "Findings");
        Assert.Equal(rows.Select(r => r[0]).Order(StringComparer.Ordinal),
            groups.Select(g => (string)g["cause"]!["key"]!).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var group = groups.Single(g => (string)g["cause"]!["key"]! == row[0]);
            Assert.Equal(row[1], (string)group["kind"]!);
            Assert.Equal(row[2] == "yes", (bool)group["fails"]!);
            Assert.Equal(int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture), group["modules"]!.AsArray().Count);
            var detail = (string)group["members"]![0]!["detail"]!;
            Assert.All(MarkdownTable.Fragments(row[4]), part => Assert.True(detail.Contains(part, StringComparison.Ordinal),
                $"expected \"{part}\" in the finding's detail \"{detail}\"; the run's code effects: {last["codeEffects"]!.ToJsonString()}"));
        }
    }

    [PythonTheory]
    public void AnEffectEveryInterpreterMakesAlikeFailsTheRunOnlyWhenEffectIsNamed(PythonInstallation python)
    {
        var report = Run(python, "report.json", "--fail-on", "effect").ReadJson("report.json");

        var conftest = report["findings"]!.AsArray().Single(g => ((string)g!["cause"]!["key"]!).StartsWith("code-effect:conftest.py", StringComparison.Ordinal))!;
        Assert.True((bool)conftest["fails"]!, "--fail-on effect names the kind: the conftest's variable fails the run too");
        var effect = report["codeEffects"]!.AsArray().Single(e => ((string)e!["where"]!).StartsWith("conftest.py:", StringComparison.Ordinal))!;
        Assert.True((bool)effect["identical"]! && (bool)effect["atImport"]!);
        Assert.Equal(8, effect["modules"]!.AsArray().Count);
    }

    [PythonTheory]
    public void EachSlotsBusyShareAndEachModulesPhasesAreInTheReport(PythonInstallation python)
    {
        var result = Run(python, "report.json", "--html", "report.html");
        var report = result.ReadJson("report.json");

        var slots = report["slots"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(2, slots.Count);
        Assert.All(slots, slot => Assert.InRange((double)slot["busyShare"]!, 0.01, 1.0));
        Assert.Equal(8, slots.Sum(slot => (int)slot["modules"]!));
        foreach (var module in report["modules"]!.AsArray())
        {
            var phases = module!["interpreter"]!["phases"]!.AsObject();
            Assert.True((double)phases["doneAt"]! > (double)phases["startedAt"]!);
            Assert.True((double)phases["runMs"]! > 0);
        }
        // The C accelerator is probed once per worker: not every module pays for a probe interpreter.
        var probed = report["modules"]!.AsArray().Count(m => (double)m!["interpreter"]!["phases"]!["probeMs"]! > 0);
        Assert.True(probed < 8, $"{probed} of 8 modules paid for a probe");
        Assert.Contains("busy", File.ReadAllText(Path.Combine(result.WorkDir, "report.html")), StringComparison.Ordinal);
    }
}
