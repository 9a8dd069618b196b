using System.Net;
using System.Text;
using System.Text.Json;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Verdicts;

namespace Subinterp.CompatMatrix.Output;

/// <summary>
/// matrix.html: one self-contained page (no network: inline style and script, a CSP that forbids
/// loading anything). When the modules come from packages, a table of packages with one verdict per
/// Python comes first; a click on a verdict shows why, with the deciding cell's evidence and advice.
/// Then the heat map of modules. Filters by text, package, status and toolchain narrow both. A click
/// on a cell shows its evidence, advice (with its sources as links), the checks it did not make, the
/// runs that disagreed, and its reproducer. Every text from the matrix is HTML-encoded; it travels in
/// attributes and is shown with textContent, never parsed as markup.
/// </summary>
public static class HtmlPage
{
    public static string Render(MatrixDocument document)
    {
        var columns = document.Columns().ToList();
        return Template()
            .Replace("{{SUMMARY}}", E(Summary(document)), StringComparison.Ordinal)
            .Replace("{{FILTERS}}", Filters(document), StringComparison.Ordinal)
            .Replace("{{PACKAGES}}", document.Packages.Count == 0 ? "" : Packages(document), StringComparison.Ordinal)
            .Replace("{{TABLE}}", Modules(document, columns), StringComparison.Ordinal)
            .Replace("{{LEGEND}}", Legend(), StringComparison.Ordinal);
    }

    private static string Summary(MatrixDocument document)
    {
        var pythons = string.Join(", ", document.Pythons.Select(p => $"CPython {p.Version}{(p.Package is { } package ? $" ({package.Name} {package.Version})" : "")}"));
        var measured = document.Measured is { } day ? $"Measured on {day}: " : "";
        var runs = document.Runs > 1 ? $"; {document.Runs} independent runs, {document.Modules.SelectMany(m => m.Cells).Count(c => c.Runs is not null)} cells changed between them" : "";
        var packages = document.Packages.Count > 0 ? $"{document.Packages.Count} packages, " : "";
        return $"{measured}{MatrixSummary.Of(document).Describe()}; {packages}{document.Modules.Count} modules on {pythons}, modes {string.Join(", ", document.Modes)}{runs}.";
    }

    private static string Filters(MatrixDocument document)
    {
        var text = new StringBuilder();
        text.Append("<input id=\"filter\" type=\"search\" placeholder=\"Filter: module, package or status (e.g. numpy, crashes)\" aria-label=\"Filter modules\" autocomplete=\"off\">");
        if (document.Packages.Count > 0)
        {
            text.Append(Select("package-filter", "package", document.Packages.Select(p => p.Name)));
        }
        text.Append(Select("status-filter", "status", CellStatusNames.All.Select(s => s.Name())));
        var toolchains = document.Modules.Select(m => m.Toolchain?.Name).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (toolchains.Count > 0)
        {
            text.Append(Select("toolchain-filter", "toolchain", toolchains));
        }
        return text.ToString();
    }

    private static string Select(string id, string what, IEnumerable<string> values) =>
        $"<select id=\"{id}\" aria-label=\"Filter by {what}\"><option value=\"\">every {what}</option>"
        + string.Concat(values.Select(v => $"<option value=\"{E(v)}\">{E(v)}</option>")) + "</select>";

    private static string Packages(MatrixDocument document)
    {
        var text = new StringBuilder("<h2>Packages</h2>\n<table id=\"packages\">\n<thead><tr><th>package</th><th>version</th><th>toolchain</th>");
        foreach (var python in document.Pythons)
        {
            text.Append($"<th>CPython {E(python.Version)}</th>");
        }
        text.Append("</tr></thead>\n<tbody>\n");
        foreach (var package in document.Packages)
        {
            var statuses = document.Modules.Where(m => m.Package == package.Name).SelectMany(m => m.Cells).Select(c => c.Status).Distinct(StringComparer.Ordinal);
            var version = (package.Version ?? "?") + (package.SystemPackage is { } system ? $" ({system.Name} {system.Version})" : "");
            text.Append($"<tr data-package=\"{E(package.Name)}\" data-toolchains=\"{E(string.Join('\n', package.Toolchains))}\" data-statuses=\"{E(string.Join(' ', statuses))}\" "
                + $"data-search=\"{E((package.Name + " " + string.Join(' ', package.Modules) + " " + string.Join(' ', package.Verdicts.Select(v => v.Text))).ToLowerInvariant())}\">");
            text.Append($"<td class=\"package\"><button type=\"button\" class=\"only\" data-package=\"{E(package.Name)}\" title=\"show only its modules\">{E(package.Name)}</button></td>");
            text.Append($"<td class=\"version\">{E(version)}</td><td class=\"toolchain\">{E(string.Join(", ", package.Toolchains))}</td>");
            foreach (var python in document.Pythons)
            {
                var verdict = package.Verdicts.FirstOrDefault(v => v.Python == python.Version);
                if (verdict is null)
                {
                    text.Append("<td class=\"verdict v-n-a\">–</td>");
                    continue;
                }
                text.Append($"<td class=\"verdict v-{E(verdict.Verdict.Replace('/', '-'))}\" tabindex=\"0\" data-package=\"{E(package.Name)}\" data-python=\"{E(python.Version)}\" "
                    + $"data-verdict=\"{E(verdict.Verdict)}\" data-text=\"{E(verdict.Text)}\" data-reason=\"{E(verdict.Reason)}\" data-module=\"{E(verdict.Module ?? "")}\" "
                    + $"data-mode=\"{E(verdict.Mode ?? "")}\">{E(verdict.Text)}</td>");
            }
            text.Append("</tr>\n");
        }
        text.Append("</tbody>\n</table>\n<p class=\"count\" id=\"packages-shown\"></p>\n");
        return text.ToString();
    }

    private static string Modules(MatrixDocument document, List<(string Python, string Mode)> columns)
    {
        var packages = document.Modules.Any(m => m.Package is not null);
        var toolchains = document.Modules.Any(m => m.Toolchain is not null);
        var table = new StringBuilder("<thead><tr><th>module</th>");
        table.Append(packages ? "<th>package</th>" : "").Append(toolchains ? "<th>toolchain</th>" : "").Append("<th>declares</th>");
        foreach (var (python, mode) in columns)
        {
            table.Append($"<th>{E(python)}<br>{E(mode)}</th>");
        }
        table.Append("</tr></thead>\n<tbody>\n");
        foreach (var module in document.Modules)
        {
            var search = string.Join(' ', module.Cells.Select(c => c.Status).Distinct().Prepend(module.Module).Append(module.Kind).Append(module.Package ?? "")).ToLowerInvariant();
            table.Append($"<tr data-module=\"{E(module.Module)}\" data-package=\"{E(module.Package ?? "")}\" data-toolchain=\"{E(module.Toolchain?.Name ?? "")}\" "
                + $"data-statuses=\"{E(string.Join(' ', module.Cells.Select(c => c.Status).Distinct()))}\" data-search=\"{E(search)}\"><td class=\"module\">{E(module.Module)}</td>");
            if (packages)
            {
                table.Append($"<td class=\"package\">{E(module.Package ?? "–")}</td>");
            }
            if (toolchains)
            {
                var title = module.Toolchain is { } t ? $" title=\"{E(t.Evidence)}\"" : "";
                table.Append($"<td class=\"toolchain\"{title}>{E(module.Toolchain is { Version: { } v } tc ? $"{tc.Name} {v}" : module.Toolchain?.Name ?? "–")}</td>");
            }
            table.Append($"<td class=\"declares\">{E(MarkdownTable.Declared(module))}</td>");
            foreach (var (python, mode) in columns)
            {
                var cell = module.Cells.FirstOrDefault(c => c.Python == python && c.Mode == mode)
                    ?? new MatrixCell(python, mode, CellStatus.NotApplicable.Name(), "not in this matrix");
                table.Append(Cell(module.Module, cell));
            }
            table.Append("</tr>\n");
        }
        table.Append("</tbody>");
        return table.ToString();
    }

    private static string Cell(string module, MatrixCell cell)
    {
        var css = cell.StatusValue == CellStatus.NotApplicable ? "na" : cell.Status;
        var marks = (cell.Disagreement is null ? "" : " " + MarkdownTable.DisagreementMark) + (cell.Runs is null ? "" : " †");
        var advice = cell.Advice is null ? "" : JsonSerializer.Serialize(cell.Advice, PageJsonContext.Default.CellAdvice);
        var runs = cell.Runs is null ? "" : string.Join('\n', cell.Runs.Select(r => $"{r.Status} in {r.Count} run{(r.Count == 1 ? "" : "s")}: {r.Evidence}"));
        var reproducer = cell.Reproducer is { } r ? $"{r.File}\n{r.Pattern} pattern: {r.Reproduced} of {r.Attempts} runs in a plain process reproduced it; last: {r.Outcome}" : "";
        return $"<td class=\"cell s-{E(css)}\" tabindex=\"0\" data-module=\"{E(module)}\" data-column=\"{E(cell.Python)} {E(cell.Mode)}\" "
            + $"data-status=\"{E(cell.Status)}\" data-evidence=\"{E(cell.Evidence)}\" data-disagreement=\"{E(cell.Disagreement ?? "")}\" "
            + $"data-advice=\"{E(advice)}\" data-notchecked=\"{E(string.Join('\n', cell.NotChecked ?? []))}\" data-runs=\"{E(runs)}\" data-reproducer=\"{E(reproducer)}\">"
            + $"{E(cell.Status)}{E(marks)}</td>";
    }

    private static string Legend() =>
        string.Join(" ", CellStatusNames.All.Select(s => $"<span class=\"s-{(s == CellStatus.NotApplicable ? "na" : s.Name())}\">{E(s.Name())}</span>{E(s.Meaning())}."))
        + $" {E(MarkdownTable.DisagreementMark)}: the declaration and the observation disagree. †: the runs disagree on this cell (the most severe status is shown)."
        + " Package verdicts: " + string.Join("; ", PackageVerdicts.All.Select(v => E(v.Text))) + ".";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Template()
    {
        using var stream = typeof(HtmlPage).Assembly.GetManifestResourceStream("matrix.html")
            ?? throw new InvalidOperationException("matrix.html is not embedded in " + typeof(HtmlPage).Assembly.GetName().Name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(CellAdvice))]
internal sealed partial class PageJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
