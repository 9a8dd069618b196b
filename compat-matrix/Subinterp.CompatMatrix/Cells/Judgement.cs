using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Cells;

/// <summary>
/// One cell's status and evidence, and the facts behind them that the advice is chosen from: the
/// refusal, the refused dependency, the kinds of leak, where it crashed or hung, whether an import
/// error happens in a plain process too.
/// </summary>
public sealed record Judgement(CellStatus Status, string Evidence)
{
    /// <summary>The module's own refusal (CPython's message, or PyO3's, Cython's, the module's).</summary>
    public string? Refusal { get; init; }

    /// <summary>A refused module it needs.</summary>
    public UnsafeImport? Dependency { get; init; }

    /// <summary>The kinds of what leaked (shared-object, carry-over, environ, signal, fd, thread...).</summary>
    public IReadOnlyList<string> LeakKinds { get; init; } = [];

    /// <summary>The probe that crashed, with the runtime's crash record.</summary>
    public ProbeResult? Crashed { get; init; }

    public bool Hung { get; init; }

    /// <summary>An import error (or failing check) that a plain process of the same Python shows too.</summary>
    public bool AlsoInPlainProcess { get; init; }

    /// <summary>The module's own tests fail only in a subinterpreter (--run-tests).</summary>
    public bool TestsFail { get; init; }
}
