using Subinterp.CompatMatrix.Catalog;
using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.OwnTests;
using Subinterp.Runtime;
using Subinterp.Runtime.Locating;

namespace Subinterp.CompatMatrix;

/// <summary>Everything measured on one Python, before it becomes cells.</summary>
internal sealed class PythonColumn(PythonInstallation python, PythonCatalog catalog)
{
    public PythonInstallation Python { get; } = python;
    public PythonCatalog Catalog { get; } = catalog;

    /// <summary>Per mode, per module: the probes' results.</summary>
    public Dictionary<InterpreterMode, Dictionary<string, List<ProbeResult>>> Results { get; } = [];

    /// <summary>Legacy imports run only to read declarations (when legacy mode was not asked for).</summary>
    public Dictionary<string, List<ProbeResult>> DeclarationResults { get; set; } = [];

    /// <summary>--run-tests: per mode, per module.</summary>
    public Dictionary<InterpreterMode, Dictionary<string, OwnTestsResult>> Tests { get; } = [];

    public IEnumerable<ProbeResult> AllResults(string module) =>
        Results.Values.SelectMany(r => r.GetValueOrDefault(module) ?? []).Concat(DeclarationResults.GetValueOrDefault(module) ?? []);
}
