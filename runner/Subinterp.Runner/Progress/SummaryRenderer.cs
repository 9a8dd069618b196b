using System.Globalization;
using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Progress;

/// <summary>The human summary printed after a run: a table of modules, then what went wrong and where.</summary>
internal static class SummaryRenderer
{
    public static void Render(RunReport report, TextWriter output)
    {
        var width = Math.Max(6, report.Modules.Max(m => (int?)m.Module.Length) ?? 6);
        output.WriteLine();
        if (report.Mode == RunPlan.BothModes)
        {
            ModeComparisonTable.Render(report, output);
        }
        else
        {
            output.WriteLine($"{"verdict",-9}  {"module".PadRight(width)}  {"tests",5}  {"pass",5}  {"fail",5}  {"skip",5}  {"time",8}");
            foreach (var module in report.Modules)
            {
                var tests = module.Tests;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{ResultNames.Of(module.Verdict),-9}  {module.Module.PadRight(width)}  {tests.Count,5}  {tests.Count(t => t.Outcome is TestOutcome.Passed or TestOutcome.Xfail),5}  {tests.Count(t => VerdictRules.IsFailure(t.Outcome)),5}  {tests.Count(t => t.Outcome == TestOutcome.Skipped),5}  {module.DurationMs / 1000,7:0.00}s"));
            }
        }
        var problems = Problems(report).ToList();
        if (problems.Count > 0)
        {
            output.WriteLine();
            foreach (var problem in problems)
            {
                output.WriteLine(problem);
            }
        }
        var s = report.Summary;
        output.WriteLine();
        var defects = report.Modules.Count(KnownCauses.PassedThenHitRefusalDefect);
        var verdicts = string.Join(", ", s.Verdicts.Select(v => $"{v.Value} {v.Key}{DefectNote(v.Key, v.Value, defects)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Modules} {(report.Mode == RunPlan.BothModes ? "module runs" : "modules")} ({verdicts}); {s.Tests} tests in {report.DurationMs / 1000:0.00} s with CPython {report.Python.Version}, {report.Mode}, -j {report.Jobs}"));
        var extras = new List<string>();
        if (s.Errors > 0) extras.Add(s.Errors == 1 ? "1 error" : $"{s.Errors} errors");
        if (s.Xfail > 0) extras.Add($"{s.Xfail} xfail");
        if (s.Xpass > 0) extras.Add($"{s.Xpass} xpass");
        if (s.Crashed > 0) extras.Add($"{s.Crashed} crashed");
        if (s.TimedOut > 0) extras.Add($"{s.TimedOut} timed out");
        if (s.NotRun > 0) extras.Add($"{s.NotRun} not run");
        output.WriteLine($"{s.Passed} passed, {s.Failed} failed, {s.Skipped} skipped" + (extras.Count > 0 ? $" ({string.Join(", ", extras)})" : ""));
    }

    /// <summary>Findings by cause, most severe first (a cause of one module in its module's words), then each failing test.</summary>
    private static IEnumerable<string> Problems(RunReport report)
    {
        foreach (var group in report.Findings)
        {
            var first = true;
            foreach (var line in FindingLines.Of(group))
            {
                yield return first ? line + FindingLines.Status(group) : line;
                first = false;
            }
        }
        foreach (var module in report.Modules)
        {
            // --mode both lists each module twice: say which run a line is about.
            var name = report.Mode == RunPlan.BothModes ? $"{module.Module} [{module.Mode.Name()}]" : module.Module;
            foreach (var test in module.Tests.Where(t => VerdictRules.IsFailure(t.Outcome) && t.Outcome != TestOutcome.NotRun))
            {
                var where = test.File is null ? "" : $" ({test.File}{(test.Line is { } line ? $":{line}" : "")})";
                yield return $"{ResultNames.Of(test.Outcome).ToUpperInvariant(),-9} {test.Id}{where}: {ModuleFindings.FirstLine(test.Message ?? "")}{ComparisonTag(test.Comparison)}";
            }
            if (module.Comparison is { } comparison && !ProcessComparison.RepeatsItsFinding(module))
            {
                yield return $"PROCESS   {name}: {ComparisonText(comparison)}";
            }
        }
    }

    /// <summary>"2 crashed: every test passed; the crash is CPython 3.12's ...", or how many of them it was.</summary>
    private static string DefectNote(string verdict, int count, int defects) =>
        verdict != ResultNames.Of(Verdict.Crashed) || defects == 0 ? ""
        : defects == count ? $": {KnownCauses.RefusalDefectInBrief}"
        : $" ({defects} of them: {KnownCauses.RefusalDefectInBrief})";

    private static string ComparisonTag(string? label) => label switch
    {
        ProcessComparison.SubinterpreterOnly => "  [subinterpreter-only]",
        ProcessComparison.AlsoInProcess => "  [also in a process]",
        _ => "",
    };

    private static string ComparisonText(ProcessComparison comparison)
    {
        var label = comparison.Label switch
        {
            ProcessComparison.SubinterpreterOnly => "fails only in a subinterpreter",
            ProcessComparison.AlsoInProcess => "fails in a plain process too",
            _ => "some failures only in a subinterpreter, some in a plain process too",
        };
        var counts = $"{comparison.SubinterpreterOnlyCount} subinterpreter-only, {comparison.AlsoInProcessCount} also in a process";
        return $"{label} ({counts}; {ResultNames.Of(comparison.Verdict)} in a plain process){(comparison.Module is { } module ? $": {module}" : "")}";
    }
}
