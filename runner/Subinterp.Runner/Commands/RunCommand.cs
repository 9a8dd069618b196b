using System.CommandLine;
using Subinterp.Runner.Progress;
using Subinterp.Runtime;
using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Reports;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Commands;

/// <summary>`subinterp run`: parse options, open a session, run it, write reports, render; the work is the runtime's.</summary>
internal static class RunCommand
{
    private static readonly SettingOptions Settings = new(SettingSources.Run);
    private static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the JSON report (schema subinterp-report/1) to this file." };
    private static readonly Option<FileInfo?> JUnit = new("--junit") { Description = "Write a JUnit XML report to this file." };
    private static readonly Option<FileInfo?> Html = new("--html") { Description = "Write a self-contained HTML report (findings by cause, a timeline per core, every module and test with search) to this file." };
    private static readonly Option<string> Progress = new("--progress") { Description = "auto (lanes on a terminal, lines otherwise), lanes, lines or none.", DefaultValueFactory = _ => "auto" };

    public static Command Create()
    {
        var command = new Command("run", "Run test modules, each in a fresh subinterpreter.");
        Settings.AddTo(command);
        command.Options.Add(Json);
        command.Options.Add(JUnit);
        command.Options.Add(Html);
        command.Options.Add(Progress);
        Progress.AcceptOnlyFromAmong("auto", "lanes", "lines", "none");
        command.SetAction((parse, cancellation) => ExecuteAsync(parse, cancellation));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellation)
    {
        // The worker starts while the options are read and Python is found; a run that stops
        // before it needs one kills it on the way out.
        await using var headStart = WorkerHeadStart.Begin();
        RunOptions options;
        try
        {
            options = Settings.Options(parse);
        }
        catch (RunSetupException error)
        {
            Console.Error.WriteLine($"subinterp: {error.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
        if (IgnoredInterrupt.Warning() is { } warning)
        {
            Console.Error.WriteLine($"subinterp: warning: {warning}");
        }
        var progress = ProgressRenderer.Create(parse.GetValue(Progress)!);
        RunReport report;
        TestSession session;
        try
        {
            session = TestSession.Open(options, progress, headStart: headStart);
            report = await session.RunAsync(cancellation);
        }
        catch (RunSetupException error)
        {
            progress.Dispose();
            Console.Error.WriteLine($"subinterp: {error.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
        catch (OperationCanceledException)
        {
            progress.Dispose();
            Console.Error.WriteLine("subinterp: cancelled before any module ran.");
            return ExitCodes.Cancelled;
        }
        progress.Dispose();
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
        SummaryRenderer.Render(report, Console.Out);
        if (GitHubOutput.Enabled)
        {
            GitHubOutput.Annotate(report, session.Plan.Modules, Console.Out);
            GitHubOutput.AppendSummary(report);
        }
        foreach (var unknown in report.Modules.Where(m => m.Error?.Kind == "selection"))
        {
            Console.Error.WriteLine($"subinterp: --test {unknown.Error!.Message} (see the ids with `subinterp list`)");
        }
        if (report.Cancelled)
        {
            Console.Error.WriteLine($"subinterp: cancelled; the report holds what finished. `subinterp run --resume{StateDirArgument(options)}` finishes the run.");
            return ExitCodes.Cancelled;
        }
        return report.ExitCode;
    }

    private static string StateDirArgument(RunOptions options) =>
        options.StateDirectory == RunConfiguration.Defaults.StateDirectory ? "" : $" --state-dir {Path.GetFullPath(options.StateDirectory)}";
}
