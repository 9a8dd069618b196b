using System.Text;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Output;

namespace Subinterp.CompatMatrix.Gate;

/// <summary>What the gate prints: the changes with both evidences, GitHub Actions annotations, and the job summary.</summary>
public static class GateReport
{
    public static string Text(GateResult result)
    {
        var text = new StringBuilder();
        foreach (var change in result.Regressed)
        {
            text.Append($"WORSE     {change.Describe()}\n").Append(Evidence("baseline", change.Baseline)).Append(Evidence("current", change.Current));
        }
        foreach (var change in result.Improved)
        {
            text.Append($"BETTER    {change.Describe()}\n").Append(Evidence("baseline", change.Baseline)).Append(Evidence("current", change.Current));
        }
        foreach (var change in result.Added)
        {
            text.Append($"NEW       {change.Describe()}\n");
        }
        foreach (var change in result.NotCompared)
        {
            text.Append($"SKIPPED   {change.Name}: the current matrix has no {change.Series} {change.Mode} column\n");
        }
        text.Append($"gate: {result.Regressed.Count} worse, {result.Improved.Count} better, {result.Added.Count} new, {result.Unchanged} unchanged, {result.NotCompared.Count} not compared");
        text.Append(result.Passed ? " -> pass\n" : " -> FAIL\n");
        return text.ToString();
    }

    /// <summary>Workflow commands: an error per regression, a notice per improvement.</summary>
    public static string Annotations(GateResult result)
    {
        var text = new StringBuilder();
        foreach (var change in result.Regressed)
        {
            text.Append($"::error title=subinterpreter compatibility got worse::{Escape($"{change.Describe()}: {FirstLine(change.Current?.Evidence ?? "no longer in the matrix")}")}\n");
        }
        foreach (var change in result.Improved)
        {
            text.Append($"::notice title=subinterpreter compatibility got better::{Escape($"{change.Describe()} (subinterp gate --update-baseline records it)")}\n");
        }
        return text.ToString();
    }

    /// <summary>Markdown for $GITHUB_STEP_SUMMARY: the verdict, the changed cells, and the current matrix's table.</summary>
    public static string Summary(GateResult result, MatrixDocument current)
    {
        var text = new StringBuilder("## Subinterpreter compatibility gate\n\n");
        text.Append(result.Passed ? "Passed: no cell got worse.\n\n" : $"**Failed: {result.Regressed.Count} cell(s) got worse.**\n\n");
        var changes = result.Regressed.Select(c => ("worse", c)).Concat(result.Improved.Select(c => ("better", c))).Concat(result.Added.Select(c => ("new", c))).ToList();
        if (changes.Count > 0)
        {
            text.Append("| change | module | Python | mode | baseline | current | evidence |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (var (kind, change) in changes)
            {
                text.Append($"| {kind} | `{change.Module}` | {change.Series} | {change.Mode} | {change.Baseline?.Status ?? "–"} | {change.Current?.Status ?? "–"} | {Cell(FirstLine(change.Current?.Evidence ?? change.Baseline?.Evidence ?? ""))} |\n");
            }
            text.Append('\n');
        }
        text.Append("### Current matrix\n\n").Append(MarkdownTable.Render(MatrixJson.Sorted(current)));
        return text.ToString();
    }

    private static string Evidence(string side, MatrixCell? cell) =>
        cell is null ? $"    {side}: (absent)\n" : $"    {side} ({cell.Python}): {cell.Evidence.Replace("\n", "\n      ", StringComparison.Ordinal)}\n";

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    // GitHub's workflow command escaping for messages.
    private static string Escape(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
}
