using Subinterp.CompatMatrix.Catalog;
using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.Model;
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

    /// <summary>
    /// What the module declares, read while its own probes had it loaded, else while any other
    /// module's probe did (numpy's core module refuses every interpreter after the first of a process,
    /// so its own probes may never load it; the probe that loaded it first read its declaration).
    /// </summary>
    public ModuleDeclaration Declaration(string module)
    {
        var own = Declarations.Of(Python.VersionText, module, AllResults(module));
        return own.Init != Declarations.Unknown
            ? own
            : Declarations.Of(Python.VersionText, module, Results.Values.SelectMany(r => r.Values.SelectMany(l => l)).Concat(DeclarationResults.Values.SelectMany(l => l)));
    }
}
