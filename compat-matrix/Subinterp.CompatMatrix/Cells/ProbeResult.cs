using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Cells;

/// <summary>One probe module's final result from the runtime.</summary>
/// <param name="CrashedBeside">When the worker crashed only while this probe ran beside others (and alone it did not), the extensions those others probed.</param>
public sealed record ProbeResult(Probe Probe, ModuleResult Result, IReadOnlyList<string>? CrashedBeside = null)
{
    /// <summary>
    /// Whether the probe's crash is the module's: it crashed alone, or beside another probe of the
    /// same module (two copies racing). A worker that died while this probe ran beside another
    /// module's, and not when it ran alone, is that pair's crash and says nothing about this module.
    /// </summary>
    public bool CrashIsItsOwn => Result.Crash is not null
        && (CrashedBeside is not { Count: > 0 } || CrashedBeside.Contains(Probe.Extension));
}
