namespace Subinterp.CompatMatrix.Model;

/// <summary>The matrix as matrix.json holds it (schema "subinterp-matrix/1"): modules sorted by name, cells by Python then mode.</summary>
public sealed record MatrixDocument
{
    public const string SchemaName = "subinterp-matrix/1";

    public string Schema { get; init; } = SchemaName;
    public required IReadOnlyList<MatrixPython> Pythons { get; init; }
    public required IReadOnlyList<string> Modes { get; init; }
    public required IReadOnlyList<MatrixModule> Modules { get; init; }

    /// <summary>The Python×mode columns, in cell order.</summary>
    public IEnumerable<(string Python, string Mode)> Columns() =>
        Pythons.SelectMany(python => Modes.Select(mode => (python.Version, mode)));
}

public sealed record MatrixPython(string Version, string Executable);

/// <param name="Kind">stdlib-shared (lib-dynload), stdlib-builtin, site, path (under --path) or named.</param>
public sealed record MatrixModule(string Module, string Kind, IReadOnlyList<ModuleDeclaration> Declarations, IReadOnlyList<MatrixCell> Cells);

/// <summary>What the module's PyModuleDef declares on one Python (read while it was loaded).</summary>
/// <param name="Init">single-phase, multi-phase, or unknown (never loaded where it could be read).</param>
/// <param name="MultipleInterpreters">Py_mod_multiple_interpreters: not-supported, supported, per-interpreter-gil-supported; null when the slot is absent.</param>
/// <param name="Gil">Py_mod_gil (3.13+): used, not-used; null when the slot is absent.</param>
public sealed record ModuleDeclaration(string Python, string Init, string? MultipleInterpreters, string? Gil);

/// <param name="Status">ok refused leaks broken crashes n/a.</param>
/// <param name="Evidence">What was observed, in words: the messages, signals and findings behind the status.</param>
/// <param name="Disagreement">Where the declaration and the observation disagree, else null.</param>
/// <param name="Tests">With --run-tests: the module's own tests in a subinterpreter, else null.</param>
public sealed record MatrixCell(string Python, string Mode, string Status, string Evidence, string? Disagreement = null, CellTests? Tests = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public CellStatus StatusValue => CellStatusNames.TryParse(Status, out var status) ? status : CellStatus.NotApplicable;
}

/// <summary>The module's own tests run in a subinterpreter, compared with a plain process.</summary>
/// <param name="Modules">The test modules run.</param>
/// <param name="SubinterpreterOnly">Test ids that fail in the subinterpreter and pass in a plain process.</param>
/// <param name="AlsoInPlainProcess">Test ids that fail in both.</param>
public sealed record CellTests(IReadOnlyList<string> Modules, int Passed, int Failed, int Crashed, int Skipped,
    IReadOnlyList<string> SubinterpreterOnly, IReadOnlyList<string> AlsoInPlainProcess);
