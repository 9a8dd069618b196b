namespace Subinterp.CompatMatrix.Probing;

/// <summary>What one generated probe module does with its extension module.</summary>
public enum ProbeKind
{
    /// <summary>Imports it in a fresh interpreter, alone (the first probe).</summary>
    Import,

    /// <summary>One of two modules that start their import at the same monotonic instant, on two slots.</summary>
    Concurrent,

    /// <summary>Imports it again in yet another fresh interpreter of the same process.</summary>
    Again,

    /// <summary>The import probe run K times in fresh interpreters under the lifecycle meter.</summary>
    Lifecycles,
}

/// <summary>A generated probe module: which extension module it probes, how, and which copy it is.</summary>
public sealed record Probe(string Extension, ProbeKind Kind, int Copy)
{
    public string Describe() => Kind switch
    {
        ProbeKind.Import => "imported alone in a fresh interpreter",
        ProbeKind.Concurrent => $"imported by two interpreters at the same moment (copy {Copy})",
        ProbeKind.Again => $"imported again in fresh interpreter #{Copy + 1}",
        _ => "imported in consecutive lifecycles under the lifecycle meter",
    };
}
