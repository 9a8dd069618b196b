namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>What an attribution rule says about one change a module's window saw.</summary>
internal enum VerdictKind
{
    /// <summary>The rule does not apply: the next rule decides.</summary>
    Undecided,

    /// <summary>Nobody's finding: the framework's, the runtime's, a neighbour's, an extension's init (reported on its own), or gone.</summary>
    NotAFinding,

    /// <summary>The module's own leak.</summary>
    Leak,

    /// <summary>The doing of code other than the module (a conftest.py, a helper, a package's import), reported once as that code's effect.</summary>
    CodeEffect,

    /// <summary>Not decidable yet: wait for the neighbours that may have made it to end, or (with none) for a later look at the process.</summary>
    Wait,

    /// <summary>The module and a neighbour both saw it appear and nothing tells them apart: only a run alone can.</summary>
    Contested,
}

/// <summary>A rule's verdict on one change, with the rule's name and why, for the worker log and the tests.</summary>
internal sealed record AttributionVerdict(VerdictKind Kind, string Rule, string Reason)
{
    public static readonly AttributionVerdict Undecided = new(VerdictKind.Undecided, "", "");

    /// <summary><see cref="VerdictKind.Wait"/>: the windows it waits for; empty: a later look at the process.</summary>
    public IReadOnlyList<ModuleWindow> Others { get; init; } = [];

    /// <summary><see cref="VerdictKind.CodeEffect"/>: the code that made it.</summary>
    public TouchNote? Site { get; init; }

    /// <summary><see cref="VerdictKind.Leak"/>: the cause to name beside the change (a refused os.fork()), or null.</summary>
    public string? Cause { get; init; }
}
