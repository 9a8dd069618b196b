using Subinterp.Runtime.Reports;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Reports;

public sealed class ReportMergeTests
{
    private static ModuleResult Module(string name, Verdict verdict = Verdict.Passed, TestOutcome outcome = TestOutcome.Passed) => new()
    {
        Module = name, Path = $"{name}.py", Mode = InterpreterMode.Isolated, Verdict = verdict, DurationMs = 10,
        Tests = [new TestResult { Id = $"{name}.T.test_a", Outcome = outcome }],
    };

    private static ReportMerge.Input Shard(int index, int count, string[] names, int total = 4, string python = "3.13.0", string mode = "isolated",
        bool cancelled = false, ModuleResult[]? results = null, double durationMs = 1000)
    {
        var modules = (results ?? names.Select(n => Module(n)).ToArray()).ToList();
        var report = new RunReport
        {
            Python = new PythonInfo(python, $"/py/{python}/bin/python3", null), Mode = mode, Engine = "unittest", Jobs = 2,
            DurationMs = durationMs, Modules = modules, Summary = RunSummary.Of(modules), Cancelled = cancelled,
            Shard = new ShardInfo(index, count, total, names.Length, [.. names.Order(StringComparer.Ordinal)]),
        };
        ExitPolicy.Default.Apply(report);
        return new ReportMerge.Input($"shard{index}.json", report);
    }

    private static string Refusal(params ReportMerge.Input[] inputs) =>
        Assert.Throws<ReportMergeException>(() => ReportMerge.Merge(inputs, allowMixed: false)).Message;

    [Fact]
    public void MergesEveryShardIntoOneRun()
    {
        var merged = ReportMerge.Merge(
        [
            Shard(2, 2, ["test_b", "test_d"], results: [Module("test_b"), Module("test_d", Verdict.Failed, TestOutcome.Failed)], durationMs: 1500),
            Shard(1, 2, ["test_a", "test_c"]),
        ], allowMixed: false);

        Assert.Equal(["test_a", "test_b", "test_c", "test_d"], merged.Modules.Select(m => m.Module));
        Assert.Equal(4, merged.Summary.Modules);
        Assert.Equal(1, merged.Summary.Failed);
        Assert.Equal(ExitCodes.TestFailures, merged.ExitCode);
        Assert.Equal(1500, merged.DurationMs);
        Assert.Null(merged.Shard);
        Assert.Equal([1, 2], merged.Shards!.Select(s => s.Index));
        Assert.Equal(["test_a", "test_c"], merged.Shards![0].Modules);
        Assert.Equal("isolated", merged.Mode);
    }

    [Fact]
    public void NamesTheMissingShard()
    {
        var message = Refusal(Shard(1, 3, ["test_a"], total: 3), Shard(3, 3, ["test_c"], total: 3));

        Assert.Contains("1 shard 2/3 is missing (got 1/3 from shard1.json, 3/3 from shard3.json)", message);
    }

    [Fact]
    public void RefusesAShardGivenTwiceAndSplitsOfDifferentSizes()
    {
        Assert.Contains("shard 1/2 is given twice (shard1.json, shard1.json)", Refusal(Shard(1, 2, ["test_a", "test_c"]), Shard(1, 2, ["test_a", "test_c"])));
        Assert.Contains("the reports come from different splits: shard1.json is shard 1/2, shard2.json is shard 2/3", Refusal(Shard(1, 2, ["test_a"]), Shard(2, 3, ["test_b"])));
    }

    [Fact]
    public void RefusesDifferentPythonsAndModesUnlessMixingIsAsked()
    {
        var first = Shard(1, 2, ["test_a", "test_c"]);
        var second = Shard(2, 2, ["test_b", "test_d"], python: "3.12.1", mode: "legacy");

        var message = Refusal(first, second);
        Assert.Contains("the shards ran with different Pythons: shard 1/2 (shard1.json) CPython 3.13.0, shard 2/2 (shard2.json) CPython 3.12.1", message);
        Assert.Contains("different modes: shard 1/2 (shard1.json) isolated, shard 2/2 (shard2.json) legacy", message);
        Assert.Contains("--allow-mixed", message);

        var merged = ReportMerge.Merge([first, second], allowMixed: true);
        Assert.Equal(ReportMerge.Mixed, merged.Mode);
        Assert.Equal(["3.13.0", "3.12.1"], merged.Shards!.Select(s => s.Python.Version));
    }

    [Fact]
    public void RefusesACancelledShardAndOneThatLacksModules()
    {
        var cancelled = Shard(2, 2, ["test_b", "test_d"], cancelled: true,
            results: [Module("test_b"), Module("test_d", Verdict.Error, TestOutcome.NotRun)]);
        cancelled.Report.Modules[1].Error = new ModuleError("not-run", "cancelled", null);
        Assert.Contains("shard 2/2 (shard2.json) did not finish: it was cancelled with 1 module not run or cut short (test_d); finish it with `subinterp run --resume",
            Refusal(Shard(1, 2, ["test_a", "test_c"]), cancelled));

        var truncated = Shard(2, 2, ["test_b", "test_d"], results: [Module("test_b")]);
        Assert.Contains("shard 2/2 (shard2.json) lacks the results of 1 module it was given (test_d): its report is incomplete",
            Refusal(Shard(1, 2, ["test_a", "test_c"]), truncated));
    }

    [Fact]
    public void RefusesShardsPlannedFromDifferentDurations()
    {
        var overlap = Refusal(Shard(1, 2, ["test_a", "test_b"]), Shard(2, 2, ["test_b", "test_d"]));
        Assert.Contains("1 module ran in more than one shard: test_b (shards 1/2, 2/2)", overlap);
        Assert.Contains("same .subinterp/durations.json", overlap);

        var gap = Refusal(Shard(1, 2, ["test_a"]), Shard(2, 2, ["test_b", "test_d"]));
        Assert.Contains("the shards were given 3 of the 4 modules between them, so 1 module ran in no shard or in two", gap);
    }

    [Fact]
    public void RefusesAReportRunWithoutShard()
    {
        var whole = Shard(1, 1, ["test_a"]);
        var plain = new ReportMerge.Input("full.json", new RunReport
        {
            Python = whole.Report.Python, Mode = "isolated", Engine = "unittest", Modules = whole.Report.Modules,
        });

        Assert.Contains("full.json is not a shard report (it was run without --shard)", Refusal(whole, plain));
    }

    [Fact]
    public void ReadSaysWhenAFileIsMissingOrCutShort()
    {
        using var dir = new TempDirectory();
        var missing = Assert.Throws<ReportMergeException>(() => ReportMerge.Read(dir.Combine("r9.json"))).Message;
        Assert.Contains("r9.json: no such file", missing);

        var full = Shard(1, 1, ["test_a"]).Report;
        var path = dir.Combine("r1.json");
        JsonReportWriter.Write(full, path);
        Assert.Equal(["test_a"], ReportMerge.Read(path).Report.Shard!.Modules);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);
        var cut = Assert.Throws<ReportMergeException>(() => ReportMerge.Read(path)).Message;
        Assert.Contains("r1.json: not a complete subinterp report", cut);
        Assert.Contains("run that shard again", cut);
    }
}
