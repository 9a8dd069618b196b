using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Probing;

/// <summary>
/// The one place the matrix drives the runtime: run a folder of test modules with these options
/// and hand back every module's final result. The runtime does the rest (fresh interpreters,
/// sacrificial workers, quarantine of crash suspects, leak confirmation).
/// </summary>
public interface IProbeSession
{
    /// <param name="finished">Called once per module with its final result, as it arrives (progress).</param>
    /// <exception cref="RunSetupException">The runtime refused the options; the message says why.</exception>
    Task<RunReport> RunAsync(RunOptions options, Action<ModuleResult>? finished, Action<string>? notice, CancellationToken cancellation);
}
