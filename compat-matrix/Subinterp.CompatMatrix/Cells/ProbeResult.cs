using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Cells;

/// <summary>One probe module's final result from the runtime.</summary>
public sealed record ProbeResult(Probe Probe, ModuleResult Result);
