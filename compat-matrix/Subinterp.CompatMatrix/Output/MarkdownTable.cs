using System.Text;
using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Output;

/// <summary>matrix.md: a GitHub table, one row per module and one column per Python×mode, then the legend and the disagreements.</summary>
public static class MarkdownTable
{
    public const string DisagreementMark = "⚑";

    public static string Render(MatrixDocument document)
    {
        var columns = document.Columns().ToList();
        var text = new StringBuilder();
        text.Append("| module | declares | ").AppendJoin(" | ", columns.Select(c => $"{c.Python} {c.Mode}")).Append(" |\n");
        text.Append("| --- | --- | ").AppendJoin(" | ", columns.Select(_ => "---")).Append(" |\n");
        foreach (var module in document.Modules)
        {
            text.Append($"| `{Escape(module.Module)}` | {Escape(Declared(module))} | ");
            text.AppendJoin(" | ", columns.Select(c => module.Cells.FirstOrDefault(cell => cell.Python == c.Python && cell.Mode == c.Mode) is { } cell
                ? cell.Status + (cell.Disagreement is null ? "" : " " + DisagreementMark)
                : "–"));
            text.Append(" |\n");
        }
        text.Append('\n').Append(MatrixSummary.Of(document).Describe()).Append(".\n\n");
        text.Append("Legend: ").AppendJoin("; ", CellStatusNames.All.Select(s => $"**{s.Name()}**: {s.Meaning()}"))
            .Append($"; {DisagreementMark}: the declaration and the observation disagree. *declares*: single (single-phase init), multi (multi-phase) with its "
                + "Py_mod_multiple_interpreters value (per-gil, supported, not-supported, none) and Py_mod_gil where present; per Python when they differ.\n");
        var disagreements = document.Modules.SelectMany(m => m.Cells.Where(c => c.Disagreement is not null).Select(c => (m.Module, Cell: c))).ToList();
        if (disagreements.Count > 0)
        {
            text.Append("\nDisagreements:\n\n");
            foreach (var (module, cell) in disagreements)
            {
                text.Append($"* `{Escape(module)}` {cell.Python} {cell.Mode}: {Escape(cell.Disagreement!)}\n");
            }
        }
        return text.ToString();
    }

    /// <summary>The declarations in short; one per Python only where Pythons differ.</summary>
    internal static string Declared(MatrixModule module)
    {
        var shortForms = module.Declarations.Select(d => (d.Python, Text: Short(d))).ToList();
        var distinct = shortForms.Select(s => s.Text).Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count switch
        {
            0 => "–",
            1 => distinct[0],
            _ => string.Join(", ", shortForms.Select(s => $"{s.Python}: {s.Text}")),
        };
    }

    private static string Short(ModuleDeclaration declaration) => declaration.Init switch
    {
        "single-phase" => "single",
        "multi-phase" => "multi " + (declaration.MultipleInterpreters switch
        {
            null => "none",
            "per-interpreter-gil-supported" => "per-gil",
            var other => other,
        }) + (declaration.Gil is { } gil ? $", gil {gil}" : ""),
        _ => "?",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
