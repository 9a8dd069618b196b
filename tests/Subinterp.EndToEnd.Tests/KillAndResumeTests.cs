using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// kill -9 of the orchestrator mid-run: its worker goes away at once, and `run --resume` finishes
/// the run from the journal without re-running finished modules, with the report an uninterrupted
/// run gives.
/// </summary>
public sealed partial class KillAndResumeTests
{
    private const int Sigterm = 15;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);

    private const int ResultsBeforeKill = 5;

    [PythonTheory]
    public void ResumeAfterKillNineGivesTheUninterruptedReport(PythonInstallation python)
    {
        string[] run = ["run", RepoPaths.SampleSuite("clean"), "-j", "2", "--python", python.Executable, "--engine", "unittest"];
        var uninterrupted = CliRun.Start([.. run, "--json", "report.json"]);
        Assert.True(uninterrupted.ExitCode == 1, uninterrupted.Describe());

        var (workDir, journalPath) = KillAfterResults(run, ResultsBeforeKill);
        var records = Records(journalPath);
        var worker = records.Last(r => r["worker"] is not null)["worker"]!.GetValue<int>();
        Assert.True(WorkerGoneWithin(worker, TimeSpan.FromSeconds(3)), $"worker {worker} outlived its orchestrator");
        var doneBefore = records.Where(r => (string?)r["kind"] == "result").Select(r => (string)r["result"]!["result"]!["module"]!).ToHashSet();
        Assert.InRange(doneBefore.Count, ResultsBeforeKill, 14);

        var resumed = CliRun.Start(["run", "--resume", "--json", "report.json"], workDir);

        Assert.True(resumed.ExitCode == 1, resumed.Describe());
        Assert.Contains($"resuming: {doneBefore.Count} of 15 module runs already have results", resumed.Stderr);
        var startedAfterResume = Records(journalPath).SkipWhile(r => (string?)r["kind"] != "resume")
            .Where(r => (string?)r["event"]?["type"] == "module-start").Select(r => (string)r["event"]!["module"]!).ToList();
        // Distinct: a module whose tests failed beside another runs them again alone (a second start).
        Assert.Equal(15 - doneBefore.Count, startedAfterResume.Distinct().Count());
        Assert.Empty(startedAfterResume.Intersect(doneBefore));
        Assert.Equal(ReportScrubber.Scrub(uninterrupted.ReadJson("report.json")), ReportScrubber.Scrub(resumed.ReadJson("report.json")));
    }

    [PythonTheory]
    public void ResumeOfAnInterruptedBothModesRunFinishesBothHalves(PythonInstallation python)
    {
        string[] run = ["run", RepoPaths.SampleSuite("clean"), "-j", "2", "--python", python.Executable, "--engine", "unittest", "--mode", "both"];
        // Past the isolated half (15 results) into the legacy one: the half most easily lost.
        var (workDir, journalPath) = KillAfterResults(run, 17);
        var before = Records(journalPath).Where(r => (string?)r["kind"] == "result")
            .Select(r => $"{r["result"]!["result"]!["mode"]}|{r["result"]!["result"]!["module"]}").ToHashSet();

        var resumed = CliRun.Start(["run", "--resume", "--json", "report.json"], workDir);

        Assert.True(resumed.ExitCode == 1, resumed.Describe());
        var report = resumed.ReadJson("report.json");
        Assert.Equal("both", (string)report["mode"]!);
        var modules = report["modules"]!.AsArray().Select(m => $"{m!["mode"]}|{m["module"]}").ToList();
        Assert.Equal(30, modules.Distinct().Count());
        Assert.Equal(15, modules.Count(m => m.StartsWith("isolated|", StringComparison.Ordinal)));
        Assert.Equal(15, modules.Count(m => m.StartsWith("legacy|", StringComparison.Ordinal)));
        Assert.Contains($"resuming: {before.Count} of 30 module runs already have results", resumed.Stderr);
        // One result per module run not done before (a module may start twice: tests that failed
        // beside another run again alone before its result is final).
        var resultsAfterResume = Records(journalPath).SkipWhile(r => (string?)r["kind"] != "resume")
            .Count(r => (string?)r["kind"] == "result");
        Assert.Equal(30 - before.Count, resultsAfterResume);
    }

    [PythonTheory]
    public void ResumeOfAKilledShardFinishesTheSameShare(PythonInstallation python)
    {
        string[] run = ["run", RepoPaths.SampleSuite("clean"), "-j", "2", "--python", python.Executable, "--engine", "unittest", "--shard", "1/2"];
        var uninterrupted = CliRun.Start([.. run, "--json", "report.json"]);
        Assert.True(uninterrupted.ExitCode is 0 or 1, uninterrupted.Describe());
        var share = uninterrupted.ReadJson("report.json")["shard"]!;

        var (workDir, _) = KillAfterResults(run, 3);
        var resumed = CliRun.Start(["run", "--resume", "--json", "report.json"], workDir);

        Assert.True(resumed.ExitCode == uninterrupted.ExitCode, resumed.Describe());
        var shard = resumed.ReadJson("report.json")["shard"]!;
        Assert.Equal(share["modules"]!.ToJsonString(), shard["modules"]!.ToJsonString());
        Assert.Equal((int)share["total"]!, (int)shard["total"]!);
        // The rest is the report an uninterrupted shard gives (its durations aside).
        JsonObject WithoutShard(JsonObject report)
        {
            report.Remove("shard");
            return report;
        }
        Assert.Equal(ReportScrubber.Scrub(WithoutShard(uninterrupted.ReadJson("report.json"))), ReportScrubber.Scrub(WithoutShard(resumed.ReadJson("report.json"))));
    }

    [PythonTheory]
    public void TerminatingTheRunKeepsWhatFinishedAndWritesTheReports(PythonInstallation python)
    {
        // SIGTERM, as CI systems and `timeout` send; Ctrl+C takes the same path (not sent here: a test
        // host started as a background job inherits SIGINT ignored, and .NET then leaves it ignored).
        var suite = TempSuite.Create("terminated", new Dictionary<string, string>
        {
            ["test_done.py"] = "import unittest\n\nclass T(unittest.TestCase):\n    def test_ok(self):\n        self.assertTrue(True)\n",
            ["test_sleeps.py"] = "import time, unittest\n\nclass T(unittest.TestCase):\n    def test_forever(self):\n        time.sleep(600)\n",
        });
        var workDir = Directory.CreateTempSubdirectory("subinterp-terminated-").FullName;
        var journalPath = Path.Combine(workDir, ".subinterp", "journal.jsonl");
        using var cli = CliRun.Launch(["run", suite, "-j", "2", "--python", python.Executable, "--json", "report.json", "--junit", "report.xml", "--progress", "none"], workDir);
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        // Both modules running, and test_done's module finished in its worker.
        while (!(Records(journalPath).Any(r => (string?)r["event"]?["type"] == "test-start" && (string?)r["event"]!["id"] == "test_sleeps.T.test_forever")
                 && Records(journalPath).Any(r => (string?)r["event"]?["type"] == "module-done")))
        {
            Assert.True(DateTime.UtcNow < deadline && !cli.HasExited, $"the run ended or stalled before it could be terminated:\n{(cli.HasExited ? stdout.Result + stderr.Result : "")}");
            Thread.Sleep(20);
        }

        // libc's kill(2), not the kill program: a minimal root (the Debian sid one) has none.
        Assert.Equal(0, SendSignal(cli.Id, Sigterm));
        Assert.True(cli.WaitForExit(TimeSpan.FromMinutes(1)), "the run did not stop after SIGTERM");
        var describe = $"exit {cli.ExitCode}\n{stdout.Result}\n{stderr.Result}";

        Assert.True(cli.ExitCode == 130, describe);
        Assert.Contains("cancelled; the report holds what finished", stderr.Result);
        var report = CliRunJson(workDir, "report.json");
        Assert.Equal("passed", (string)ReportModules.Module(report, "test_done")["tests"]!.AsArray().Single()!["outcome"]!);
        var stopped = ReportModules.Module(report, "test_sleeps");
        Assert.Equal("not-run", (string)stopped["tests"]!.AsArray().Single()!["outcome"]!);
        Assert.Contains("cancelled", (string)stopped["error"]!["message"]!);
        Assert.Contains("test_done", File.ReadAllText(Path.Combine(workDir, "report.xml")));
    }

    private static JsonObject CliRunJson(string workDir, string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(workDir, name)))!.AsObject();

    /// <summary>Starts the run and kill -9s it once the journal holds that many results.</summary>
    private static (string WorkDir, string JournalPath) KillAfterResults(string[] run, int results)
    {
        var workDir = Directory.CreateTempSubdirectory("subinterp-resume-").FullName;
        var journalPath = Path.Combine(workDir, ".subinterp", "journal.jsonl");
        using var cli = CliRun.Launch([.. run, "--json", "report.json", "--progress", "none"], workDir);
        _ = cli.StandardOutput.ReadToEndAsync();
        _ = cli.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Records(journalPath).Count(r => (string?)r["kind"] == "result") < results)
        {
            Assert.True(DateTime.UtcNow < deadline && !cli.HasExited, "the run ended before it could be interrupted");
            Thread.Sleep(10);
        }
        cli.Kill(); // SIGKILL: no chance to clean up
        cli.WaitForExit();
        return (workDir, journalPath);
    }

    private static List<JsonObject> Records(string journalPath)
    {
        if (!File.Exists(journalPath))
        {
            return [];
        }
        using var stream = new FileStream(journalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var records = new List<JsonObject>();
        while (reader.ReadLine() is { } line)
        {
            try
            {
                records.Add(JsonNode.Parse(line)!.AsObject());
            }
            catch (System.Text.Json.JsonException)
            {
                // A line being written right now.
            }
        }
        return records;
    }

    /// <summary>Gone, or a zombie waiting to be reaped (its parent, the killed orchestrator, cannot).</summary>
    private static bool WorkerGoneWithin(int pid, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var stat = $"/proc/{pid}/stat";
            try
            {
                if (!File.Exists(stat) || File.ReadAllText(stat).Split(") ")[1].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }
            Thread.Sleep(20);
        }
        return false;
    }
}
