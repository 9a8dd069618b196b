using System.Text.Json.Nodes;
using System.Xml.Linq;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// `run --shard i/N` and `merge` on sample-suites/clean: two shards merged hold the full run's
/// modules and outcomes, each module in one shard; mismatched, missing and cut-short shard reports
/// are refused with exit 2 and a message naming the shard and the fix; bad --shard values likewise.
/// </summary>
public sealed class ShardAndMergeTests
{
    private static string Suite => RepoPaths.SampleSuite("clean");

    /// <summary>
    /// The full run, then both shards, in one folder and one state folder (the remembered durations
    /// every shard machine would restore); merge remembers the shards' durations in a state folder of
    /// its own, so that a later shard here still plans from the same durations as these.
    /// </summary>
    private static CliRun Shards(PythonInstallation python) => CachedRun.For(python, "clean shards", () =>
    {
        var dir = Directory.CreateTempSubdirectory("subinterp-shards-").FullName;
        var full = CliRun.Start(["run", Suite, "-j", "2", "--python", python.Executable, "--json", "full.json", "--state-dir", "state"], dir);
        Assert.True(full.ExitCode == 1, full.Describe());
        foreach (var index in new[] { 1, 2 })
        {
            var shard = CliRun.Start(["run", Suite, "-j", "2", "--python", python.Executable, "--shard", $"{index}/2", "--json", $"shard{index}.json", "--state-dir", "state"], dir);
            Assert.True(shard.ExitCode is 0 or 1, shard.Describe());
            Assert.Contains($", shard {index}/2 (", shard.Stdout);
        }
        return CliRun.Start(["merge", "shard1.json", "shard2.json", "--json", "all.json", "--junit", "all.xml", "--html", "all.html", "--state-dir", "merged"], dir);
    });

    private static IEnumerable<(string Module, string Verdict, string Tests)> Outcomes(JsonObject report) =>
        report["modules"]!.AsArray().Select(m => ((string)m!["module"]!, (string)m["verdict"]!,
            string.Join(" ", m["tests"]!.AsArray().Select(t => $"{(string)t!["id"]!}={(string)t["outcome"]!}").Order(StringComparer.Ordinal))));

    [PythonTheory]
    public void TwoShardsMergedHoldTheFullRunsModulesAndOutcomes(PythonInstallation python)
    {
        var merge = Shards(python);

        Assert.True(merge.ExitCode == 1, merge.Describe());
        var full = merge.ReadJson("full.json");
        var merged = merge.ReadJson("all.json");
        Assert.Equal(Outcomes(full), Outcomes(merged));
        Assert.Equal(full["summary"]!.ToJsonString(), merged["summary"]!.ToJsonString());
        Assert.Equal((int)full["exitCode"]!, (int)merged["exitCode"]!);

        var shards = new[] { merge.ReadJson("shard1.json"), merge.ReadJson("shard2.json") };
        var planned = shards.Select(s => s["shard"]!["modules"]!.AsArray().Select(m => (string)m!).ToList()).ToList();
        Assert.Empty(planned[0].Intersect(planned[1]));
        Assert.Equal(Outcomes(full).Select(o => o.Module).Order(StringComparer.Ordinal), planned.SelectMany(p => p).Order(StringComparer.Ordinal));
        Assert.True(Math.Abs(planned[0].Count - planned[1].Count) <= 4, $"{planned[0].Count} vs {planned[1].Count} modules");
        Assert.Equal([1, 2], merged["shards"]!.AsArray().Select(s => (int)s!["index"]!));
        Assert.Null(merged["shard"]);

        Assert.Equal(15, XDocument.Load(Path.Combine(merge.WorkDir, "all.xml")).Root!.Elements("testsuite").Count());
        Assert.Contains("shard 1/2 (shard1.json): ", merge.Stdout);
        Assert.Contains("15 modules (2 error, 4 failed, 8 passed, 1 skipped); 45 tests", merge.Stdout);
        var html = File.ReadAllText(Path.Combine(merge.WorkDir, "all.html"));
        Assert.Contains("\"shards\":[{\"index\":1,", html);
        Assert.Contains("remembered the durations of 15 modules", merge.Stdout);
        Assert.True(File.Exists(Path.Combine(merge.WorkDir, "merged", "durations.json")));
    }

    [PythonTheory]
    public void MergeRefusesMissingCutShortAndMixedShards(PythonInstallation python)
    {
        var shards = Shards(python);
        var dir = shards.WorkDir;

        var missing = CliRun.Start(["merge", "shard1.json", "--json", "nope.json"], dir);
        Assert.True(missing.ExitCode == 2, missing.Describe());
        Assert.Contains("subinterp merge: 1 shard 2/2 is missing (got 1/2 from shard1.json)", missing.Stderr);
        Assert.Contains("nothing was written", missing.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "nope.json")));

        var text = File.ReadAllText(Path.Combine(dir, "shard2.json"));
        File.WriteAllText(Path.Combine(dir, "cut.json"), text[..(text.Length * 2 / 3)]);
        var cut = CliRun.Start(["merge", "shard1.json", "cut.json"], dir);
        Assert.True(cut.ExitCode == 2, cut.Describe());
        Assert.Contains("cut.json: not a complete subinterp report", cut.Stderr);

        var legacy = CliRun.Start(["run", Suite, "-j", "2", "--python", python.Executable, "--shard", "2/2", "--mode", "legacy", "--json", "legacy2.json", "--state-dir", "state"], dir);
        Assert.True(legacy.ExitCode is 0 or 1 or 3, legacy.Describe());
        var mixed = CliRun.Start(["merge", "shard1.json", "legacy2.json"], dir);
        Assert.True(mixed.ExitCode == 2, mixed.Describe());
        Assert.Contains("the shards ran with different modes: shard 1/2 (shard1.json) isolated, shard 2/2 (legacy2.json) legacy", mixed.Stderr);
        Assert.Contains("--allow-mixed", mixed.Stderr);

        var allowed = CliRun.Start(["merge", "shard1.json", "legacy2.json", "--allow-mixed", "--json", "mixed.json"], dir);
        Assert.True(allowed.ExitCode is 1 or 3, allowed.Describe());
        Assert.Equal("mixed", (string)allowed.ReadJson("mixed.json")["mode"]!);

        var notShard = CliRun.Start(["merge", "full.json", "shard2.json"], dir);
        Assert.True(notShard.ExitCode == 2, notShard.Describe());
        Assert.Contains("full.json is not a shard report (it was run without --shard)", notShard.Stderr);
    }

    [Theory]
    [InlineData("3/2", "--shard 3/2: the shard number must be between 1 and 2")]
    [InlineData("0/2", "--shard 0/2: the shard number must be between 1 and 2")]
    [InlineData("1/0", "--shard 1/0: the number of shards must be at least 1")]
    [InlineData("half", "--shard takes i/N, the i-th of N shares of the modules (e.g. --shard 1/4 ... --shard 4/4); got 'half'")]
    public void BadShardValuesAreUsageErrors(string value, string message)
    {
        var run = CliRun.Start(["run", Suite, "--shard", value]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains(message, run.Stderr);
    }
}
