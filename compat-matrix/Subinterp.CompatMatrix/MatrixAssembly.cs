using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.Model;
using Subinterp.Runtime;

namespace Subinterp.CompatMatrix;

/// <summary>Turns what was measured on each Python into the document: one row per module (all Pythons' sets together), one cell per Python and mode.</summary>
internal static class MatrixAssembly
{
    public static MatrixDocument Assemble(IReadOnlyList<PythonColumn> columns, IReadOnlyList<InterpreterMode> modes)
    {
        var kinds = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            foreach (var entry in column.Catalog.Modules)
            {
                kinds.TryAdd(entry.Name, entry.Kind);
            }
            foreach (var missing in column.Catalog.Missing)
            {
                kinds.TryAdd(missing, "named");
            }
        }
        var modules = kinds.Select(pair => Row(pair.Key, pair.Value, columns, modes)).ToList();
        return new MatrixDocument
        {
            Pythons = columns.Select(c => new MatrixPython(c.Python.VersionText, c.Python.Executable)).ToList(),
            Modes = modes.Select(m => m.Name()).ToList(),
            Modules = modules,
        };
    }

    private static MatrixModule Row(string module, string kind, IReadOnlyList<PythonColumn> columns, IReadOnlyList<InterpreterMode> modes)
    {
        var declarations = new List<ModuleDeclaration>();
        var cells = new List<MatrixCell>();
        foreach (var column in columns)
        {
            var version = column.Python.VersionText;
            var present = column.Catalog.Modules.Any(m => m.Name == module);
            var declaration = Declarations.Of(version, module, column.AllResults(module));
            if (present)
            {
                declarations.Add(declaration);
            }
            foreach (var mode in modes)
            {
                cells.Add(present ? Cell(module, version, mode, column, declaration) : Absent(module, kind, column, mode));
            }
        }
        return new MatrixModule(module, kind, declarations, cells);
    }

    private static MatrixCell Cell(string module, string version, InterpreterMode mode, PythonColumn column, ModuleDeclaration declaration)
    {
        var (status, evidence) = CellJudge.Judge(module, column.Results.GetValueOrDefault(mode)?.GetValueOrDefault(module) ?? []);
        var tests = column.Tests.GetValueOrDefault(mode)?.GetValueOrDefault(module);
        if (tests is not null)
        {
            evidence += "\n" + tests.Evidence;
            if (status != CellStatus.NotApplicable && tests.Status > status)
            {
                status = tests.Status;
            }
        }
        return new MatrixCell(version, mode.Name(), status.Name(), evidence, Declarations.Disagreement(declaration, mode.Name(), status), tests?.Tests);
    }

    private static MatrixCell Absent(string module, string kind, PythonColumn column, InterpreterMode mode)
    {
        var evidence = column.Catalog.Missing.Contains(module)
            ? $"not found by CPython {column.Python.VersionText} (nor under --path)"
            : $"CPython {column.Python.VersionText} has no {module} ({kind})";
        return new MatrixCell(column.Python.VersionText, mode.Name(), CellStatus.NotApplicable.Name(), evidence);
    }
}
