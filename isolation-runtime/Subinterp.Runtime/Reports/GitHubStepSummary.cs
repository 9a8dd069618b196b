using System.Globalization;
using System.Text;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Reports;

/// <summary>
/// The Markdown a run appends to $GITHUB_STEP_SUMMARY: the totals, the findings by cause (one row
/// each, with what ran on a fallback), and the failing tests, bounded (GitHub takes 1 MiB a step).
/// Report text is escaped: it cannot become Markdown or HTML.
/// </summary>
public static class GitHubStepSummary
{
    private const int FailuresShown = 50;
    private const int CellChars = 300;

    public static string Of(RunReport report)
    {
        var s = report.Summary;
        var text = new StringBuilder();
        var shard = report.Shard is { } share ? $", shard {share}" : report.Shards is { Count: > 0 } shards ? $", merged from {shards.Count} shards" : "";
        text.Append(CultureInfo.InvariantCulture,
            $"## Subinterp: {s.Modules} modules, {s.Tests} tests, CPython {Cell(report.Python.Version)} ({Cell(report.Mode)}, -j {report.Jobs}{shard})\n\n");
        text.Append(CultureInfo.InvariantCulture, $"**Exit code {report.ExitCode}: {ExitCodes.Meaning(report)}.** ");
        text.Append(string.Join(", ", s.Verdicts.Select(v => $"{v.Value} {v.Key}"))).Append(CultureInfo.InvariantCulture, $" modules; {s.Passed} passed, {s.Failed} failed, {s.Skipped} skipped");
        if (s.Errors > 0 || s.Crashed > 0 || s.TimedOut > 0 || s.NotRun > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({s.Errors} errors, {s.Crashed} crashed, {s.TimedOut} timed out, {s.NotRun} not run)");
        }
        text.Append(CultureInfo.InvariantCulture, $" tests in {report.DurationMs / 1000:0.0} s.\n\n");

        var groups = report.Findings;
        text.Append("### Findings by cause\n\n");
        if (groups.Count == 0)
        {
            text.Append("None: no module crashed, hung, failed to import, leaked or imported an extension refused in a subinterpreter.\n\n");
        }
        else
        {
            text.Append("| finding | cause | modules | on a fallback | evidence |\n| --- | --- | --- | --- | --- |\n");
            foreach (var group in groups)
            {
                var modules = group.Modules.Count == 1 ? group.Modules[0] : $"{group.Modules.Count}: {string.Join(", ", group.Modules.Take(5))}{(group.Modules.Count > 5 ? ", ..." : "")}";
                var fallback = group.Fallback is { } run ? FindingLines.Fallback(run) : "–";
                var fallbackLine = group.Fallback is { } said ? FindingLines.Fallback(said) : null;
                var evidence = string.Join("; ", FindingLines.Of(group).Skip(1).Select(line => line.Trim()).Where(line => line != fallbackLine)
                    .Prepend(ModuleFindings.FirstLine(group.Evidence ?? "")).Where(line => line.Length > 0));
                text.Append(CultureInfo.InvariantCulture, $"| {group.Label} | {Cell(group.Cause.Title + FindingLines.Status(group))} | {Cell(modules)} | {Cell(fallback)} | {Cell(evidence)} |\n");
            }
            text.Append('\n');
        }

        var failures = report.Modules.SelectMany(m => m.Tests.Where(t => t.Outcome is TestOutcome.Failed or TestOutcome.Error or TestOutcome.Xpass)).ToList();
        if (failures.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"### Failing tests ({failures.Count})\n\n| outcome | test | message |\n| --- | --- | --- |\n");
            foreach (var test in failures.Take(FailuresShown))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {ResultNames.Of(test.Outcome)} | {Cell(test.Id)} | {Cell(ModuleFindings.FirstLine(test.Message ?? ""))} |\n");
            }
            if (failures.Count > FailuresShown)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{failures.Count - FailuresShown} more in the JSON, JUnit or HTML report.\n");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Report text as one table cell: one line, bounded, with Markdown and HTML characters escaped.</summary>
    public static string Cell(string text)
    {
        var line = text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        if (line.Length > CellChars)
        {
            line = line[..CellChars] + "...";
        }
        var escaped = new StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '|' or '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '~' => $"\\{c}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
