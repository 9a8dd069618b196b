using Subinterp.CompatMatrix.Advice;
using Subinterp.CompatMatrix.Catalog;
using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Packages;
using Subinterp.CompatMatrix.Toolchains;
using Subinterp.Runtime;

namespace Subinterp.CompatMatrix;

/// <summary>
/// Turns what was measured on each Python into the document: one row per module (all Pythons' sets
/// together) with its package and toolchain, one cell per Python and mode with its advice and the
/// checks it did not make.
/// </summary>
internal static class MatrixAssembly
{
    public static MatrixDocument Assemble(IReadOnlyList<PythonColumn> columns, IReadOnlyList<InterpreterMode> modes,
        IReadOnlyDictionary<string, PackageResolver.ModulePackage> packages)
    {
        var entries = new SortedDictionary<string, CatalogEntry>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            foreach (var entry in column.Catalog.Modules)
            {
                entries.TryAdd(entry.Name, entry);
            }
            foreach (var missing in column.Catalog.Missing)
            {
                entries.TryAdd(missing, new CatalogEntry(missing, "named", null));
            }
        }
        var modules = entries.Values.Select(entry => Row(entry, columns, modes, packages.GetValueOrDefault(entry.Name)?.Name)).ToList();
        var notModules = columns.SelectMany(c => c.Catalog.NotModules ?? [])
            .DistinctBy(n => n.Name, StringComparer.Ordinal)
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => new NotProbed(n.Name, n.File, n.Reason))
            .ToList();
        return new MatrixDocument
        {
            Pythons = columns.Select(c => new MatrixPython(c.Python.VersionText, c.Python.Executable)).ToList(),
            Modes = modes.Select(m => m.Name()).ToList(),
            Modules = modules,
            NotModules = notModules,
        };
    }

    private static MatrixModule Row(CatalogEntry entry, IReadOnlyList<PythonColumn> columns, IReadOnlyList<InterpreterMode> modes, string? package)
    {
        var toolchain = ToolchainDetector.Detect(entry.Name, entry.Origin);
        var declarations = new List<ModuleDeclaration>();
        var cells = new List<MatrixCell>();
        foreach (var column in columns)
        {
            var version = column.Python.VersionText;
            var present = column.Catalog.Modules.Any(m => m.Name == entry.Name);
            var declaration = column.Declaration(entry.Name);
            if (present)
            {
                declarations.Add(declaration);
            }
            foreach (var mode in modes)
            {
                cells.Add(present ? Cell(entry.Name, version, mode, column, declaration, toolchain, package) : Absent(entry.Name, entry.Kind, column, mode));
            }
        }
        return new MatrixModule(entry.Name, entry.Kind, declarations, cells, package, toolchain);
    }

    private static MatrixCell Cell(string module, string version, InterpreterMode mode, PythonColumn column, ModuleDeclaration declaration, ModuleToolchain? toolchain, string? package)
    {
        var probes = column.Results.GetValueOrDefault(mode)?.GetValueOrDefault(module) ?? [];
        var judgement = CellJudge.Judge(module, probes);
        var tests = column.Tests.GetValueOrDefault(mode)?.GetValueOrDefault(module);
        if (tests is not null)
        {
            judgement = judgement with { Evidence = judgement.Evidence + "\n" + tests.Evidence };
            if (judgement.Status != CellStatus.NotApplicable && tests.Status > judgement.Status)
            {
                judgement = judgement with { Status = tests.Status, TestsFail = tests.Status == CellStatus.Broken, Crashed = null };
            }
        }
        var notChecked = judgement.Status is CellStatus.Ok or CellStatus.Leaks ? ChecksMade.NotMade(module, probes) : [];
        return new MatrixCell(version, mode.Name(), judgement.Status.Name(), judgement.Evidence, Declarations.Disagreement(declaration, mode.Name(), judgement.Status), tests?.Tests,
            AdviceRules.For(judgement, declaration, toolchain, mode.Name(), package), notChecked.Count == 0 ? null : notChecked)
        {
            CrashedIn = judgement.Crashed?.Probe.Kind,
        };
    }

    private static MatrixCell Absent(string module, string kind, PythonColumn column, InterpreterMode mode)
    {
        var evidence = column.Catalog.Missing.Contains(module)
            ? $"not found by CPython {column.Python.VersionText} (nor under --path)"
            : $"CPython {column.Python.VersionText} has no {module} ({kind})";
        return new MatrixCell(column.Python.VersionText, mode.Name(), CellStatus.NotApplicable.Name(), evidence);
    }
}
