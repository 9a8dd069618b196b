using System.Globalization;
using System.Text.RegularExpressions;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Reports;

/// <summary>
/// `::error` annotations for a run in GitHub Actions: one per cause of the findings (most severe
/// first), then one per failing test, then `::warning` for the causes that do not fail the run, at the file and
/// line they are about (relative to the workspace), at most <see cref="Limit"/> of them (GitHub
/// shows no more per step) and a notice saying how many more the job summary and reports hold.
/// </summary>
public static partial class GitHubAnnotations
{
    public const int Limit = 10;

    /// <summary>GitHub cuts longer annotation messages; the reports have the rest.</summary>
    private const int MessageChars = 4000;

    /// <param name="fileOf">A report file (the module's root and a path relative to it) → the path relative to the workspace, or null when it lies outside.</param>
    public static IReadOnlyList<string> Of(RunReport report, Func<ModuleResult, string?, string?> fileOf, int limit = Limit)
    {
        var annotations = new List<string>();
        var byName = report.Modules.GroupBy(m => report.Mode == Orchestration.RunPlan.BothModes ? $"{m.Module} [{m.Mode.Name()}]" : m.Module, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Causes that do not fail the run (allowed, or not among --fail-on's) are warnings, after every error.
        var warnings = new List<string>();
        foreach (var group in report.Findings.Where(g => !g.IsInformation))
        {
            var level = group.Judged.Count > 0 && !group.Fails ? "warning" : "error";
            var into = level == "warning" ? warnings : annotations;
            var module = byName.GetValueOrDefault(group.Members[0].Module);
            if (module is null)
            {
                into.Add(Annotation(level, null, null, group.Headline + FindingLines.Status(group), FindingLines.Text(group)));
                continue;
            }
            var test = group.Tests.Count > 0 ? module.Tests.FirstOrDefault(t => t.Id == group.Tests[0]) : null;
            var line = test?.Line ?? LineIn(group.Members[0].Finding.Evidence, test?.File ?? module.Path);
            into.Add(Annotation(level, fileOf(module, test?.File ?? module.Path), line, group.Headline + FindingLines.Status(group), FindingLines.Text(group)));
        }
        foreach (var module in report.Modules)
        {
            // Crashed, timed-out and not-run tests are said by their module's finding.
            foreach (var test in module.Tests.Where(t => t.Outcome is TestOutcome.Failed or TestOutcome.Error or TestOutcome.Xpass))
            {
                var message = test.Traceback is { Length: > 0 } traceback ? $"{test.Message}\n\n{traceback}" : test.Message ?? ResultNames.Of(test.Outcome);
                annotations.Add(Annotation("error", fileOf(module, test.File ?? module.Path), test.Line, $"{ResultNames.Of(test.Outcome).ToUpperInvariant()} {test.Id}", message));
            }
        }
        annotations.AddRange(warnings);
        if (annotations.Count <= limit)
        {
            return annotations;
        }
        var more = annotations.Count - limit;
        return
        [
            .. annotations.Take(limit),
            WorkflowCommand.Format("notice", [("title", "subinterp")],
                $"{more} more finding(s) and failure(s) are not annotated (GitHub shows {limit} per step): see the job summary and the JSON, JUnit or HTML report."),
        ];
    }

    /// <summary>
    /// The line of the file in a Python or faulthandler traceback: where a crashed or hung test was
    /// (a crashed test reported no line of its own). faulthandler lists the most recent call first.
    /// </summary>
    internal static int? LineIn(string? traceback, string file)
    {
        if (traceback is null)
        {
            return null;
        }
        var frames = Frame().Matches(traceback)
            .Where(m => m.Groups["path"].Value == file || m.Groups["path"].Value.EndsWith("/" + file, StringComparison.Ordinal))
            .Select(m => int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture))
            .ToList();
        return frames.Count == 0 ? null : traceback.Contains("most recent call first", StringComparison.Ordinal) ? frames[0] : frames[^1];
    }

    [GeneratedRegex("File \"(?<path>[^\"]+)\", line (?<line>\\d+)")]
    private static partial Regex Frame();

    private static string Annotation(string level, string? file, int? line, string title, string message)
    {
        var text = message.Length > MessageChars ? message[..MessageChars] + "\n[...]" : message;
        return WorkflowCommand.Format(level,
            [("file", file), ("line", file is null ? null : line?.ToString(CultureInfo.InvariantCulture)), ("title", title)], text);
    }
}
