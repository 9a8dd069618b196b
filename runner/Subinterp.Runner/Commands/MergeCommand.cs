using System.CommandLine;
using Subinterp.Runner.Progress;
using Subinterp.Runtime.Reports;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Commands;

/// <summary>`subinterp merge`: the shard reports of one run (`run --shard i/N --json`) as one report; exit 2 when they are not one whole run.</summary>
internal static class MergeCommand
{
    private static readonly Argument<string[]> Reports = new("reports") { Description = "The --json reports of `subinterp run --shard 1/N` ... `--shard N/N`.", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the merged JSON report (schema subinterp-report/1) to this file." };
    private static readonly Option<FileInfo?> JUnit = new("--junit") { Description = "Write the merged JUnit XML report to this file." };
    private static readonly Option<FileInfo?> Html = new("--html") { Description = "Write the merged HTML report (a timeline per shard) to this file." };
    private static readonly Option<DirectoryInfo?> StateDir = new("--state-dir") { Description = "Where the shards' module durations are remembered, for the next split (default: ./.subinterp; cache it for the shard jobs)." };
    private static readonly Option<bool> AllowMixed = new("--allow-mixed") { Description = "Merge shards run with different Pythons, modes or engines (the merged report says \"mixed\")." };

    public static Command Create()
    {
        var command = new Command("merge", "Merge the JSON reports of a run split with --shard into one report.") { Reports, Json, JUnit, Html, AllowMixed, StateDir };
        command.SetAction(parse => Execute(parse));
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        RunReport report;
        List<ReportMerge.Input> inputs;
        try
        {
            inputs = parse.GetValue(Reports)!.Select(ReportMerge.Read).ToList();
            report = ReportMerge.Merge(inputs, parse.GetValue(AllowMixed));
        }
        catch (ReportMergeException error)
        {
            foreach (var problem in error.Problems)
            {
                Console.Error.WriteLine($"subinterp merge: {problem}");
            }
            Console.Error.WriteLine("subinterp merge: nothing was written.");
            return ExitCodes.UsageOrEnvironment;
        }
        if (parse.GetValue(Json) is { } json)
        {
            JsonReportWriter.Write(report, json.FullName);
        }
        if (parse.GetValue(JUnit) is { } junit)
        {
            JUnitReportWriter.Write(report, junit.FullName);
        }
        if (parse.GetValue(Html) is { } html)
        {
            HtmlReportWriter.Write(report, html.FullName);
        }
        foreach (var shard in report.Shards ?? [])
        {
            Console.Out.WriteLine($"shard {shard.Index}/{shard.Count} ({shard.Report}): {shard.Modules.Count} modules in {shard.DurationMs / 1000:0.00} s, CPython {shard.Python.Version}, {shard.Mode}, -j {shard.Jobs}");
        }
        SummaryRenderer.Render(report, Console.Out);
        // Each shard's run annotated its own findings; the merge job says the whole run in its summary.
        if (GitHubOutput.Enabled)
        {
            GitHubOutput.AppendSummary(report);
        }
        var stateDir = parse.GetValue(StateDir)?.FullName ?? ".subinterp";
        var remembered = ReportMerge.RememberDurations(inputs, stateDir);
        Console.Out.WriteLine($"remembered the durations of {remembered} modules in {Path.Combine(stateDir, "durations.json")}: shards planned from them are balanced on them");
        return report.ExitCode;
    }
}
