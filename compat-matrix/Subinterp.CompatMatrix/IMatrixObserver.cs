using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix;

/// <summary>Progress of a matrix build, for whoever renders it (every method has an empty default body).</summary>
public interface IMatrixObserver
{
    void PythonStarted(PythonInstallation python, int modules) { }

    /// <param name="phase">import, concurrent and again, lifecycles, declarations, tests.</param>
    void PhaseStarted(string python, string mode, string phase, int probes) { }

    void ProbeFinished(string python, string mode, Probe probe, ModuleResult result, int done, int total) { }

    void Notice(string message) { }
}
