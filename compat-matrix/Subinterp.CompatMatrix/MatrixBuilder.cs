using Subinterp.CompatMatrix.Catalog;
using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Packages;
using Subinterp.CompatMatrix.Probing;
using Subinterp.CompatMatrix.Reproducers;
using Subinterp.CompatMatrix.Runs;
using Subinterp.CompatMatrix.Verdicts;
using Subinterp.Runtime;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.CompatMatrix;

/// <summary>
/// Builds the matrix: for each Python, its module sets; for each mode, the probes as generated test
/// modules run through the runtime's session in phases (each module alone; then two at the same
/// moment and more one after another, for those that did not crash; then the lifecycle meter when
/// asked), optionally the modules' own tests; the declarations read while the modules were loaded.
/// With --runs N the whole measurement is made N times and folded (<see cref="RunMerge"/>); then
/// each crash gets a standalone reproducer, checked (<see cref="CrashReproducers"/>), and each
/// package a verdict (<see cref="PackageVerdicts"/>); what dpkg knows pins the packages and Pythons.
/// </summary>
public sealed class MatrixBuilder(IProbeSession session, IMatrixObserver? observer = null, PythonLocator? locator = null)
{
    private readonly IMatrixObserver _observer = observer ?? new NullObserver();

    private sealed class NullObserver : IMatrixObserver;

    /// <exception cref="MatrixSetupException">Bad input or environment; the message names the problem and the fix.</exception>
    public async Task<MatrixDocument> BuildAsync(MatrixRequest request, CancellationToken cancellation = default)
    {
        MatrixRequestValidation.Validate(request);
        var pythons = LocatePythons(request);
        var measured = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("subinterp-matrix-");
        try
        {
            var catalogs = pythons.ToDictionary(p => p, p => ModuleCatalog.Read(p, request));
            var dpkg = new Dpkg();
            var packages = PackageResolver.Resolve(catalogs.Values.SelectMany(c => c.Modules), dpkg);
            var runs = new List<MatrixDocument>();
            for (var run = 1; run <= request.Runs; run++)
            {
                if (request.Runs > 1)
                {
                    _observer.Notice($"run {run} of {request.Runs}");
                }
                var columns = new List<PythonColumn>();
                foreach (var python in pythons)
                {
                    columns.Add(await MeasureAsync(python, catalogs[python], request, work.FullName, cancellation).ConfigureAwait(false));
                }
                runs.Add(MatrixAssembly.Assemble(columns, request.Modes, packages));
            }
            var document = RunMerge.Merge(runs);
            if (request.Reproducers)
            {
                document = CrashReproducers.Add(document, pythons, request.Paths.Select(Path.GetFullPath).ToList(), measured, work.FullName, _observer.Notice);
            }
            var pythonPackages = PackageResolver.PythonPackages(pythons.Select(p => p.Executable), dpkg);
            return document with
            {
                Measured = measured,
                Pythons = document.Pythons.Select(p => p with { Package = pythonPackages.GetValueOrDefault(p.Executable) }).ToList(),
                Packages = PackageVerdicts.Of(document, packages),
            };
        }
        finally
        {
            TryDelete(work.FullName);
        }
    }

    private async Task<PythonColumn> MeasureAsync(PythonInstallation python, PythonCatalog catalog, MatrixRequest request, string work, CancellationToken cancellation)
    {
        _observer.PythonStarted(python, catalog.Modules.Count);
        var column = new PythonColumn(python, catalog);
        foreach (var mode in request.Modes)
        {
            column.Results[mode] = await ProbeModeAsync(python, mode, catalog, request, work, cancellation).ConfigureAwait(false);
        }
        if (!request.Modes.Contains(InterpreterMode.Legacy))
        {
            column.DeclarationResults = await ReadMissingDeclarationsAsync(column, request, work, cancellation).ConfigureAwait(false);
        }
        if (request.RunTests)
        {
            foreach (var mode in request.Modes)
            {
                column.Tests[mode] = await new OwnTests.OwnTestsRun(session, _observer).RunAsync(python, mode, catalog, request, work, cancellation).ConfigureAwait(false);
            }
        }
        return column;
    }

    private IReadOnlyList<PythonInstallation> LocatePythons(MatrixRequest request)
    {
        var found = locator ?? new PythonLocator();
        var requested = request.Pythons.Count == 0 ? [null] : request.Pythons.Cast<string?>().ToList();
        var pythons = new List<PythonInstallation>();
        foreach (var name in requested)
        {
            try
            {
                var python = found.Locate(name);
                if (pythons.All(p => p.Executable != python.Executable))
                {
                    pythons.Add(python);
                }
            }
            catch (PythonLocatorException error)
            {
                throw new MatrixSetupException(error.Message);
            }
        }
        return pythons.OrderBy(p => p.Version).ThenBy(p => p.Executable, StringComparer.Ordinal).ToList();
    }

    private async Task<Dictionary<string, List<ProbeResult>>> ProbeModeAsync(PythonInstallation python, InterpreterMode mode, PythonCatalog catalog,
        MatrixRequest request, string work, CancellationToken cancellation)
    {
        var results = catalog.Modules.ToDictionary(m => m.Name, _ => new List<ProbeResult>(), StringComparer.Ordinal);
        var names = catalog.Modules.Select(m => m.Name).ToList();
        await RunPhaseAsync(python, mode, "import", names.Select(n => new Probe(n, ProbeKind.Import, 0)), request, work, results, 1, cancellation).ConfigureAwait(false);

        // Two at once and again only for modules that neither crashed alone nor are missing: their cell is decided.
        var standing = names.Where(n => CellJudge.Judge(n, results[n]).Status is not (CellStatus.Crashes or CellStatus.NotApplicable)).ToList();
        var more = standing.SelectMany(n => (request.Jobs >= 2 ? new[] { new Probe(n, ProbeKind.Concurrent, 0), new Probe(n, ProbeKind.Concurrent, 1) } : [])
            .Concat(Enumerable.Range(1, request.Repeats).Select(copy => new Probe(n, ProbeKind.Again, copy))));
        await RunPhaseAsync(python, mode, "concurrent and again", more, request, work, results, 1, cancellation).ConfigureAwait(false);

        if (request.Lifecycles > 1)
        {
            var loaded = standing.Where(n => CellJudge.Judge(n, results[n]).Status is CellStatus.Ok or CellStatus.Leaks).ToList();
            await RunPhaseAsync(python, mode, "lifecycles", loaded.Select(n => new Probe(n, ProbeKind.Lifecycles, 0)), request, work, results, request.Lifecycles, cancellation)
                .ConfigureAwait(false);
        }
        return results;
    }

    /// <summary>Isolated mode alone never loads what it refuses: a legacy import reads those declarations.</summary>
    private async Task<Dictionary<string, List<ProbeResult>>> ReadMissingDeclarationsAsync(PythonColumn column, MatrixRequest request, string work, CancellationToken cancellation)
    {
        var version = column.Python.VersionText;
        var unknown = column.Catalog.Modules.Select(m => m.Name)
            .Where(n => Declarations.Of(version, n, column.Results.Values.SelectMany(r => r[n])).Init == Declarations.Unknown)
            .Where(n => column.Results.Values.Any(r => CellJudge.Judge(n, r[n]).Status is CellStatus.Refused or CellStatus.Crashes))
            .ToList();
        var results = unknown.ToDictionary(n => n, _ => new List<ProbeResult>(), StringComparer.Ordinal);
        await RunPhaseAsync(column.Python, InterpreterMode.Legacy, "declarations", unknown.Select(n => new Probe(n, ProbeKind.Import, 0)), request, work, results, 1, cancellation)
            .ConfigureAwait(false);
        return results;
    }

    private async Task RunPhaseAsync(PythonInstallation python, InterpreterMode mode, string phase, IEnumerable<Probe> probes, MatrixRequest request, string work,
        Dictionary<string, List<ProbeResult>> results, int lifecycles, CancellationToken cancellation)
    {
        using var folder = new ProbeFolder(work, $"{python.VersionText}-{mode.Name()}-{phase.Replace(' ', '-')}-{Guid.NewGuid().ToString("N")[..8]}");
        folder.Add(probes, request.Paths.Select(Path.GetFullPath).ToList());
        if (folder.Probes.Count == 0)
        {
            return;
        }
        _observer.PhaseStarted(python.VersionText, mode.Name(), phase, folder.Probes.Count);
        var done = 0;
        var options = new RunOptions
        {
            Paths = [folder.Root], Jobs = request.Jobs, Python = python.Executable, Mode = mode, Engine = EngineChoice.Unittest,
            MaxWorkerRestarts = 100_000, ModuleTimeoutSeconds = request.ProbeTimeoutSeconds, StateDirectory = folder.StateDirectory,
            Preload = [], RepeatLifecycles = lifecycles,
        };
        var report = await RunSessionAsync(options, result =>
        {
            if (folder.ProbeOf(result.Module) is { } probe)
            {
                _observer.ProbeFinished(python.VersionText, mode.Name(), probe, result, Interlocked.Increment(ref done), folder.Probes.Count);
            }
        }, cancellation).ConfigureAwait(false);
        foreach (var result in report.Modules)
        {
            if (folder.ProbeOf(result.Module) is { } probe && results.TryGetValue(probe.Extension, out var list))
            {
                var beside = result.Crash?.Alongside?.Select(other => folder.ProbeOf(other)?.Extension ?? other).ToList();
                list.Add(new ProbeResult(probe, result, beside));
            }
        }
    }

    private async Task<Subinterp.Runtime.Results.RunReport> RunSessionAsync(RunOptions options, Action<Subinterp.Runtime.Results.ModuleResult> finished, CancellationToken cancellation)
    {
        try
        {
            return await session.RunAsync(options, finished, _observer.Notice, cancellation).ConfigureAwait(false);
        }
        catch (RunSetupException error)
        {
            throw new MatrixSetupException(error.Message);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Temp space; a worker log still open is not worth failing the matrix for.
        }
    }
}
