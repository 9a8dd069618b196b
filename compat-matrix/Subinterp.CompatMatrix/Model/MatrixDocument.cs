namespace Subinterp.CompatMatrix.Model;

/// <summary>The matrix as matrix.json holds it (schema "subinterp-matrix/1"): modules sorted by name, cells by Python then mode.</summary>
public sealed record MatrixDocument
{
    public const string SchemaName = "subinterp-matrix/1";

    public string Schema { get; init; } = SchemaName;

    /// <summary>The day it was measured (UTC, yyyy-MM-dd); null in matrices written before it was recorded.</summary>
    public string? Measured { get; init; }

    /// <summary>How many independent runs the cells sum up (--runs); a cell whose runs disagree says so in <see cref="MatrixCell.Runs"/>.</summary>
    public int Runs { get; init; } = 1;

    public required IReadOnlyList<MatrixPython> Pythons { get; init; }
    public required IReadOnlyList<string> Modes { get; init; }
    public required IReadOnlyList<MatrixModule> Modules { get; init; }

    /// <summary>The modules grouped by the package that installed them, each with its verdict; empty when no module belongs to one.</summary>
    public IReadOnlyList<MatrixPackage> Packages { get; init; } = [];

    /// <summary>Files the module sets named that are not extension modules, and why they were not probed.</summary>
    public IReadOnlyList<NotProbed> NotModules { get; init; } = [];

    /// <summary>The Python×mode columns, in cell order.</summary>
    public IEnumerable<(string Python, string Mode)> Columns() =>
        Pythons.SelectMany(python => Modes.Select(mode => (python.Version, mode)));
}

/// <param name="Package">The system package that installed this Python (dpkg), when there is one: pins the build measured.</param>
public sealed record MatrixPython(string Version, string Executable, SystemPackage? Package = null);

/// <summary>A package of the system's package manager (dpkg) and its exact version.</summary>
public sealed record SystemPackage(string Name, string Version);

/// <param name="Kind">stdlib-shared (lib-dynload), stdlib-builtin, site, path (under --path) or named.</param>
/// <param name="Package">The name of the <see cref="MatrixPackage"/> it belongs to, or null.</param>
/// <param name="Toolchain">What built it, read from its binary; null for a built-in module.</param>
public sealed record MatrixModule(string Module, string Kind, IReadOnlyList<ModuleDeclaration> Declarations, IReadOnlyList<MatrixCell> Cells,
    string? Package = null, ModuleToolchain? Toolchain = null);

/// <param name="Name">PyO3, Rust (pyo3-ffi), Cython, pybind11, nanobind, mypyc, cffi, SWIG, Boost.Python, hand-written C or hand-written C++.</param>
/// <param name="Version">The toolchain's version where the binary names it.</param>
/// <param name="Evidence">What in the binary says so.</param>
public sealed record ModuleToolchain(string Name, string? Version, string Evidence);

/// <summary>What the module's PyModuleDef declares on one Python (read while it was loaded).</summary>
/// <param name="Init">single-phase, multi-phase, or unknown (never loaded where it could be read).</param>
/// <param name="MultipleInterpreters">Py_mod_multiple_interpreters: not-supported, supported, per-interpreter-gil-supported; null when the slot is absent.</param>
/// <param name="Gil">Py_mod_gil (3.13+): used, not-used; null when the slot is absent.</param>
public sealed record ModuleDeclaration(string Python, string Init, string? MultipleInterpreters, string? Gil);

/// <param name="Status">ok refused leaks broken crashes n/a.</param>
/// <param name="Evidence">What was observed, in words: the messages, signals and findings behind the status.</param>
/// <param name="Disagreement">Where the declaration and the observation disagree, else null.</param>
/// <param name="Tests">With --run-tests: the module's own tests in a subinterpreter, else null.</param>
/// <param name="Advice">For a cell that is not ok: the kind of problem and what the module's maintainers can do, with sources.</param>
/// <param name="NotChecked">Checks behind an ok or leaks cell that were not made, each with why; null when all were.</param>
/// <param name="Runs">With --runs N: what each status was seen in how many runs, when the runs disagree; null when they agree.</param>
/// <param name="Reproducer">For a crash: the standalone script that reproduces it with the stdlib alone, and how it did.</param>
public sealed record MatrixCell(string Python, string Mode, string Status, string Evidence, string? Disagreement = null, CellTests? Tests = null,
    CellAdvice? Advice = null, IReadOnlyList<string>? NotChecked = null, IReadOnlyList<StatusSeen>? Runs = null, CellReproducer? Reproducer = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public CellStatus StatusValue => CellStatusNames.TryParse(Status, out var status) ? status : CellStatus.NotApplicable;

    /// <summary>For a crash: the probe that crashed (what its reproducer does); not in the JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Probing.ProbeKind? CrashedIn { get; init; }
}

/// <summary>The module's own tests run in a subinterpreter, compared with a plain process.</summary>
/// <param name="Modules">The test modules run.</param>
/// <param name="SubinterpreterOnly">Test ids that fail in the subinterpreter and pass in a plain process.</param>
/// <param name="AlsoInPlainProcess">Test ids that fail in both.</param>
public sealed record CellTests(IReadOnlyList<string> Modules, int Passed, int Failed, int Crashed, int Skipped,
    IReadOnlyList<string> SubinterpreterOnly, IReadOnlyList<string> AlsoInPlainProcess);

/// <summary>What is wrong, in one of a few categories, and what the maintainers can do about it.</summary>
/// <param name="Category">single-phase-init, no-multiple-interpreters-slot, declares-not-supported, toolchain-refuses, module-refuses, shared-state, process-change, dependency-refused, crash, hang, import-error, fails-in-plain-process, tests-fail.</param>
/// <param name="Cause">The cause in a sentence, naming the toolchain where it decides.</param>
/// <param name="Action">What the maintainers can do, in a sentence or two.</param>
/// <param name="Sources">Public pages that back the cause and the action.</param>
public sealed record CellAdvice(string Category, string Cause, string Action, IReadOnlyList<string> Sources);

/// <summary>One status a cell had, and in how many of the runs.</summary>
public sealed record StatusSeen(string Status, int Count, string Evidence);

/// <param name="File">The script, relative to the matrix's folder.</param>
/// <param name="Pattern">How it uses interpreters: alone, overlapping (a second beside the first) or concurrent (two at the same moment).</param>
/// <param name="Reproduced">How many of the checking runs ended the process the way the matrix saw it crash.</param>
/// <param name="Attempts">How many checking runs were made.</param>
/// <param name="Outcome">How the last checking run ended (signal, exit code).</param>
public sealed record CellReproducer(string File, string Pattern, int Reproduced, int Attempts, string Outcome)
{
    /// <summary>The script itself, written next to matrix.json by the outputs; the JSON names its file.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Script { get; init; }
}

/// <summary>A package the matrix's modules came from, and what it means for its users.</summary>
/// <param name="Name">The distribution's name (importlib.metadata), else the system package's.</param>
/// <param name="Version">The distribution's version.</param>
/// <param name="SystemPackage">The system package that installed it (dpkg), with its exact version.</param>
/// <param name="Modules">Its extension modules in this matrix.</param>
/// <param name="Toolchains">What built them.</param>
/// <param name="Verdicts">One per Python.</param>
public sealed record MatrixPackage(string Name, string? Version, SystemPackage? SystemPackage, IReadOnlyList<string> Modules,
    IReadOnlyList<string> Toolchains, IReadOnlyList<PackageVerdict> Verdicts);

/// <param name="Verdict">ready-isolated, shared-gil-only, refuses, unsafe, broken or n/a.</param>
/// <param name="Text">The verdict in words ("ready for isolated interpreters", ...).</param>
/// <param name="Reason">Why, naming the module and cell that decided it.</param>
/// <param name="Module">The module whose cell decided the verdict (its evidence is one click away).</param>
/// <param name="Mode">That cell's mode.</param>
public sealed record PackageVerdict(string Python, string Verdict, string Text, string Reason, string? Module, string? Mode);

/// <summary>A file of a module set that was not probed, and why.</summary>
public sealed record NotProbed(string Module, string File, string Reason);
