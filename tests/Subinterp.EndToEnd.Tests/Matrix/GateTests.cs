using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Output;
using Xunit;

namespace Subinterp.EndToEnd.Tests.Matrix;

/// <summary>The real `subinterp gate` on matrix files: worse fails (3), better passes and is written with --update-baseline, bad input is 2.</summary>
public sealed class GateTests
{
    private static MatrixDocument Matrix(string python, params (string Module, string Mode, CellStatus Status, string Evidence)[] cells) => new()
    {
        Pythons = [new MatrixPython(python, "/usr/bin/python" + python[..4])],
        Modes = ["isolated", "legacy"],
        Modules = cells.GroupBy(c => c.Module).Select(g => new MatrixModule(g.Key, "stdlib-shared",
            [new ModuleDeclaration(python, "multi-phase", "per-interpreter-gil-supported", null)],
            g.Select(c => new MatrixCell(python, c.Mode, c.Status.Name(), c.Evidence)).ToList())).ToList(),
    };

    private static readonly MatrixDocument Baseline = Matrix("3.13.0",
        ("_datetime", "isolated", CellStatus.Ok, "imported in 5 fresh interpreters"),
        ("_datetime", "legacy", CellStatus.Ok, "imported in 5 fresh interpreters"),
        ("readline", "isolated", CellStatus.Refused, "refused: module readline does not support loading in subinterpreters"));

    private static CliRun Gate(MatrixDocument baseline, MatrixDocument current, IDictionary<string, string?>? environment = null, params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("subinterp-gate-").FullName;
        MatrixJson.Write(baseline, Path.Combine(dir, "baseline.json"));
        MatrixJson.Write(current, Path.Combine(dir, "current.json"));
        var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null, ["GITHUB_STEP_SUMMARY"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }
        return CliRun.Start(["gate", "--baseline", "baseline.json", "--current", "current.json", .. extra], dir, environment: env);
    }

    [Fact]
    public void ACellThatGotWorseFailsWithExit3AndNamesItWithBothEvidences()
    {
        var current = Matrix("3.13.1",
            ("_datetime", "isolated", CellStatus.Crashes, "imported by two interpreters at the same moment (copy 0): the worker was killed by SIGABRT"),
            ("_datetime", "legacy", CellStatus.Ok, "imported in 5 fresh interpreters"),
            ("readline", "isolated", CellStatus.Refused, "refused: module readline does not support loading in subinterpreters"));

        var run = Gate(Baseline, current);

        Assert.True(run.ExitCode == 3, run.Describe());
        Assert.Contains("WORSE     _datetime 3.13 isolated: ok -> crashes", run.Stdout);
        Assert.Contains("baseline (3.13.0): imported in 5 fresh interpreters", run.Stdout);
        Assert.Contains("current (3.13.1): imported by two interpreters at the same moment (copy 0): the worker was killed by SIGABRT", run.Stdout);
        Assert.Contains("gate: 1 worse, 0 better, 0 new, 2 unchanged", run.Stdout);
        Assert.DoesNotContain("::error", run.Stdout);
    }

    [Fact]
    public void AModuleThatVanishedFromAColumnStillRunIsWorseNotSkipped()
    {
        var current = Matrix("3.13.0", ("_datetime", "isolated", CellStatus.Ok, "imported"), ("_datetime", "legacy", CellStatus.Ok, "imported"));

        var run = Gate(Baseline, current);

        Assert.True(run.ExitCode == 3, run.Describe());
        Assert.Contains("WORSE     readline 3.13 isolated: refused -> absent", run.Stdout);
    }

    [Fact]
    public void ACellThatGotBetterPassesIsReportedAndUpdateBaselineWritesIt()
    {
        var current = Matrix("3.13.0",
            ("_datetime", "isolated", CellStatus.Ok, "imported in 5 fresh interpreters"),
            ("_datetime", "legacy", CellStatus.Ok, "imported in 5 fresh interpreters"),
            ("readline", "isolated", CellStatus.Ok, "imported in 5 fresh interpreters (a multi-phase readline)"));

        var run = Gate(Baseline, current, null, "--update-baseline");

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("BETTER    readline 3.13 isolated: refused -> ok", run.Stdout);
        Assert.Contains("gate: 0 worse, 1 better", run.Stdout);
        var written = MatrixJson.Read(Path.Combine(run.WorkDir, "baseline.json"), "baseline");
        Assert.Equal("ok", written.Modules.Single(m => m.Module == "readline").Cells.Single().Status);
        Assert.Equal("imported in 5 fresh interpreters (a multi-phase readline)", written.Modules.Single(m => m.Module == "readline").Cells.Single().Evidence);
    }

    [Fact]
    public void InGitHubActionsRegressionsAreAnnotatedAndTheTableGoesToTheJobSummary()
    {
        var current = Matrix("3.13.0",
            ("_datetime", "isolated", CellStatus.Leaks, "shared-object: _datetime.UTC (timezone) is one object shared by two live interpreters"),
            ("_datetime", "legacy", CellStatus.Ok, "imported in 5 fresh interpreters"),
            ("readline", "isolated", CellStatus.Refused, "refused: module readline does not support loading in subinterpreters"));
        var summary = Path.Combine(Directory.CreateTempSubdirectory("subinterp-summary-").FullName, "summary.md");

        var run = Gate(Baseline, current, new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary });

        Assert.True(run.ExitCode == 3, run.Describe());
        Assert.Contains("::error title=subinterpreter compatibility got worse::_datetime 3.13 isolated: ok -> leaks: shared-object: _datetime.UTC (timezone)", run.Stdout);
        var markdown = File.ReadAllText(summary);
        Assert.Contains("**Failed: 1 cell(s) got worse.**", markdown);
        Assert.Contains("| worse | `_datetime` | 3.13 | isolated | ok | leaks |", markdown);
        Assert.Contains("| module | declares | 3.13.0 isolated | 3.13.0 legacy |", markdown);
    }

    [Fact]
    public void AMissingBaselineIsAnErrorNotAPass()
    {
        var dir = Directory.CreateTempSubdirectory("subinterp-gate-").FullName;
        MatrixJson.Write(Baseline, Path.Combine(dir, "current.json"));

        var run = CliRun.Start(["gate", "--baseline", "nope.json", "--current", "current.json"], dir);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("--baseline", run.Stderr);
        Assert.Contains("nope.json does not exist", run.Stderr);
    }

    [Theory]
    [InlineData("{ not json", "is not a valid matrix.json")]
    [InlineData("{\"schema\": \"subinterp-report/1\", \"pythons\": [], \"modes\": [], \"modules\": []}", "has schema 'subinterp-report/1', expected 'subinterp-matrix/1'")]
    [InlineData("{\"schema\": \"subinterp-matrix/1\", \"pythons\": [], \"modes\": [], \"modules\": [{\"module\": \"x\", \"kind\": \"named\", \"declarations\": [], \"cells\": [{\"python\": \"3.13.0\", \"mode\": \"isolated\", \"status\": \"fine\", \"evidence\": \"\"}]}]}", "a known status")]
    public void AMalformedBaselineIsAnErrorNotAPass(string content, string message)
    {
        var dir = Directory.CreateTempSubdirectory("subinterp-gate-").FullName;
        File.WriteAllText(Path.Combine(dir, "baseline.json"), content);
        MatrixJson.Write(Baseline, Path.Combine(dir, "current.json"));

        var run = CliRun.Start(["gate", "--baseline", "baseline.json", "--current", "current.json"], dir);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains(message, run.Stderr);
    }
}
