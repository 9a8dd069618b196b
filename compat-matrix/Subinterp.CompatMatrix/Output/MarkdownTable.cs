using System.Text;
using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Output;

/// <summary>
/// matrix.md: when the modules come from packages, first what was measured (date, Pythons and their
/// system packages, runs) and one row per package with its verdict per Python; then the GitHub table,
/// one row per module (with its package and toolchain when known) and one column per Python×mode;
/// the summary and legend; the advice grouped by what it says; the crashes with their reproducers;
/// the cells the runs disagreed on; the files not probed; the disagreements.
/// </summary>
public static class MarkdownTable
{
    public const string DisagreementMark = "⚑";

    public static string Render(MatrixDocument document)
    {
        var text = new StringBuilder();
        if (document.Packages.Count > 0)
        {
            Packages(document, text);
        }
        Modules(document, text);
        text.Append('\n').Append(MatrixSummary.Of(document).Describe()).Append(".\n\n");
        text.Append("Legend: ").AppendJoin("; ", CellStatusNames.All.Select(s => $"**{s.Name()}**: {s.Meaning()}"))
            .Append($"; {DisagreementMark}: the declaration and the observation disagree; † the runs disagree on this cell. *declares*: single (single-phase init), multi (multi-phase) with its "
                + "Py_mod_multiple_interpreters value (per-gil, supported, not-supported, none) and Py_mod_gil where present; per Python when they differ.\n");
        Advice(document, text);
        Crashes(document, text);
        Unstable(document, text);
        NotProbed(document, text);
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

    private static void Packages(MatrixDocument document, StringBuilder text)
    {
        text.Append("# Subinterpreter readiness\n\n");
        text.Append($"Measured {(document.Measured is { } day ? $"on {day} " : "")}with ")
            .AppendJoin(", ", document.Pythons.Select(p => $"CPython {p.Version}{(p.Package is { } package ? $" ({package.Name} {package.Version})" : "")}"))
            .Append($"; modes {string.Join(", ", document.Modes)}; {document.Runs} independent run{(document.Runs == 1 ? "" : "s")}.")
            .Append(" Each verdict names the module and mode that decided it; matrix.html shows their evidence and advice.\n\n");
        text.Append("| package | version | toolchain | ").AppendJoin(" | ", document.Pythons.Select(p => p.Version)).Append(" |\n");
        text.Append("| --- | --- | --- | ").AppendJoin(" | ", document.Pythons.Select(_ => "---")).Append(" |\n");
        foreach (var package in document.Packages)
        {
            var version = (package.Version ?? "?") + (package.SystemPackage is { } system ? $" ({system.Name} {system.Version})" : "");
            text.Append($"| {Escape(package.Name)} | {Escape(version)} | {Escape(string.Join(", ", Toolchains(document, package)))} | ");
            text.AppendJoin(" | ", document.Pythons.Select(p => package.Verdicts.FirstOrDefault(v => v.Python == p.Version) is { } verdict
                ? $"{verdict.Text}{(verdict.Module is null ? "" : $" ({Escape(verdict.Module)}, {verdict.Mode})")}"
                : "–"));
            text.Append(" |\n");
        }
        text.Append('\n');
    }

    private static IEnumerable<string> Toolchains(MatrixDocument document, MatrixPackage package) =>
        document.Modules.Where(m => m.Package == package.Name && m.Toolchain is not null)
            .Select(m => m.Toolchain!.Version is { } version ? $"{m.Toolchain.Name} {version}" : m.Toolchain.Name)
            .Distinct(StringComparer.Ordinal);

    private static void Modules(MatrixDocument document, StringBuilder text)
    {
        var columns = document.Columns().ToList();
        var packages = document.Modules.Any(m => m.Package is not null);
        var toolchains = document.Modules.Any(m => m.Toolchain is not null);
        text.Append("| module | ").Append(packages ? "package | " : "").Append(toolchains ? "toolchain | " : "").Append("declares | ")
            .AppendJoin(" | ", columns.Select(c => $"{c.Python} {c.Mode}")).Append(" |\n");
        text.Append("| --- | ").Append(packages ? "--- | " : "").Append(toolchains ? "--- | " : "").Append("--- | ").AppendJoin(" | ", columns.Select(_ => "---")).Append(" |\n");
        foreach (var module in document.Modules)
        {
            text.Append($"| `{Escape(module.Module)}` | ");
            if (packages)
            {
                text.Append(Escape(module.Package ?? "–")).Append(" | ");
            }
            if (toolchains)
            {
                text.Append(Escape(module.Toolchain?.Name ?? "–")).Append(" | ");
            }
            text.Append(Escape(Declared(module))).Append(" | ");
            text.AppendJoin(" | ", columns.Select(c => module.Cells.FirstOrDefault(cell => cell.Python == c.Python && cell.Mode == c.Mode) is { } cell
                ? cell.Status + (cell.Disagreement is null ? "" : " " + DisagreementMark) + (cell.Runs is null ? "" : " †")
                : "–"));
            text.Append(" |\n");
        }
    }

    /// <summary>One entry per distinct piece of advice (category and action), with the cells it applies to.</summary>
    private static void Advice(MatrixDocument document, StringBuilder text)
    {
        var groups = document.Modules.SelectMany(m => m.Cells.Where(c => c.Advice is not null).Select(c => (m.Module, Cell: c)))
            .GroupBy(c => (c.Cell.Advice!.Category, c.Cell.Advice.Action))
            .OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenByDescending(g => g.Count())
            .ToList();
        if (groups.Count == 0)
        {
            return;
        }
        text.Append("\n## Advice\n\nEvery cell that is not ok, grouped by what it needs (matrix.html shows each cell's own).\n");
        foreach (var group in groups)
        {
            var advice = group.First().Cell.Advice!;
            var causes = group.Select(c => c.Cell.Advice!.Cause).Distinct(StringComparer.Ordinal).ToList();
            text.Append($"\n**{advice.Category}**: {Escape(causes[0])}{(causes.Count > 1 ? " (the cause differs in detail between these cells)" : "")} *What to do:* {Escape(advice.Action)}");
            var sources = group.SelectMany(c => c.Cell.Advice!.Sources).Distinct(StringComparer.Ordinal).ToList();
            if (sources.Count > 0)
            {
                text.Append(" Sources: ").AppendJoin(", ", sources.Select(s => $"<{s}>"));
            }
            text.Append("\nApplies to: ").AppendJoin(", ", group.Select(c => $"`{Escape(c.Module)}` ({c.Cell.Python} {c.Cell.Mode})")).Append('\n');
        }
    }

    private static void Crashes(MatrixDocument document, StringBuilder text)
    {
        var crashes = document.Modules.SelectMany(m => m.Cells.Where(c => c.StatusValue == CellStatus.Crashes).Select(c => (m.Module, Cell: c))).ToList();
        if (crashes.Count == 0)
        {
            return;
        }
        text.Append("\n## Crashes\n\nEach has a standalone reproducer (the standard library's `_interpreters` only), run with the same Python in a plain process.\n\n");
        text.Append("| module | Python | mode | what the matrix saw | reproducer | reproduced |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var (module, cell) in crashes)
        {
            var reproducer = cell.Reproducer is { } r ? $"[{r.File}]({r.File}) ({r.Pattern}) | {r.Reproduced} of {r.Attempts} runs ({Escape(r.Outcome)})" : "– | not written";
            text.Append($"| `{Escape(module)}` | {cell.Python} | {cell.Mode} | {Escape(cell.Evidence.Split('\n')[0])} | {reproducer} |\n");
        }
    }

    private static void Unstable(MatrixDocument document, StringBuilder text)
    {
        var unstable = document.Modules.SelectMany(m => m.Cells.Where(c => c.Runs is not null).Select(c => (m.Module, Cell: c))).ToList();
        if (document.Runs < 2)
        {
            return;
        }
        text.Append($"\n## Runs\n\n{document.Runs} independent runs; {unstable.Count} of {document.Modules.SelectMany(m => m.Cells).Count()} cells changed between them"
            + (unstable.Count == 0 ? ".\n" : " (the most severe status is shown, †):\n\n"));
        foreach (var (module, cell) in unstable)
        {
            text.Append($"* `{Escape(module)}` {cell.Python} {cell.Mode}: ").AppendJoin(", ", cell.Runs!.Select(r => $"{r.Status} in {r.Count}")).Append('\n');
        }
    }

    private static void NotProbed(MatrixDocument document, StringBuilder text)
    {
        if (document.NotModules.Count == 0)
        {
            return;
        }
        text.Append($"\n## Not probed\n\n{document.NotModules.Count} files named like extension modules are not: ")
            .AppendJoin(", ", document.NotModules.Select(n => $"`{Escape(n.Module)}`"))
            .Append($" ({Escape(document.NotModules[0].Reason)}).\n");
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
