using System.Net;
using System.Text;
using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Output;

/// <summary>
/// matrix.html: one self-contained page (no network: inline style and script, a CSP that forbids
/// loading anything), a heat map with a filter box, each cell's evidence shown on click. Every
/// text from the matrix is HTML-encoded; the evidence travels in attributes and is shown with
/// textContent, never parsed as markup.
/// </summary>
public static class HtmlPage
{
    public static string Render(MatrixDocument document)
    {
        var columns = document.Columns().ToList();
        var table = new StringBuilder();
        table.Append("<thead><tr><th>module</th><th>declares</th>");
        foreach (var (python, mode) in columns)
        {
            table.Append($"<th>{E(python)}<br>{E(mode)}</th>");
        }
        table.Append("</tr></thead>\n<tbody>\n");
        foreach (var module in document.Modules)
        {
            var search = string.Join(' ', module.Cells.Select(c => c.Status).Distinct().Prepend(module.Module).Append(module.Kind)).ToLowerInvariant();
            table.Append($"<tr data-module=\"{E(module.Module)}\" data-search=\"{E(search)}\"><td class=\"module\">{E(module.Module)}</td><td class=\"declares\">{E(MarkdownTable.Declared(module))}</td>");
            foreach (var (python, mode) in columns)
            {
                var cell = module.Cells.FirstOrDefault(c => c.Python == python && c.Mode == mode)
                    ?? new MatrixCell(python, mode, CellStatus.NotApplicable.Name(), "not in this matrix");
                var css = cell.StatusValue == CellStatus.NotApplicable ? "na" : cell.Status;
                var mark = cell.Disagreement is null ? "" : " " + MarkdownTable.DisagreementMark;
                table.Append($"<td class=\"cell s-{E(css)}\" tabindex=\"0\" data-module=\"{E(module.Module)}\" data-column=\"{E(python)} {E(mode)}\" " +
                    $"data-status=\"{E(cell.Status)}\" data-evidence=\"{E(cell.Evidence)}\" data-disagreement=\"{E(cell.Disagreement ?? "")}\">{E(cell.Status)}{mark}</td>");
            }
            table.Append("</tr>\n");
        }
        table.Append("</tbody>");
        var legend = string.Join(" ", CellStatusNames.All.Select(s =>
            $"<span class=\"s-{(s == CellStatus.NotApplicable ? "na" : s.Name())}\">{E(s.Name())}</span>{E(s.Meaning())}."))
            + $" {E(MarkdownTable.DisagreementMark)}: the declaration and the observation disagree.";
        var pythons = string.Join(", ", document.Pythons.Select(p => $"CPython {p.Version}"));
        return Template()
            .Replace("{{SUMMARY}}", E($"{MatrixSummary.Of(document).Describe()}; {document.Modules.Count} modules on {pythons}, modes {string.Join(", ", document.Modes)}."), StringComparison.Ordinal)
            .Replace("{{TABLE}}", table.ToString(), StringComparison.Ordinal)
            .Replace("{{LEGEND}}", legend, StringComparison.Ordinal);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Template()
    {
        using var stream = typeof(HtmlPage).Assembly.GetManifestResourceStream("matrix.html")
            ?? throw new InvalidOperationException("matrix.html is not embedded in " + typeof(HtmlPage).Assembly.GetName().Name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
