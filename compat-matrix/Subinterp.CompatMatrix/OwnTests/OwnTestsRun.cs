using Subinterp.CompatMatrix.Catalog;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.OwnTests;

/// <summary>
/// --run-tests: each module's own tests (the stdlib mapping, or the user's test folder for every
/// other module) run through the session in a subinterpreter; the session's own plain-process
/// comparison (--compare-process, Comparison/) runs each failing test module's failures again in a
/// plain process of the same Python with the same driver, so that a failure is blamed on the
/// subinterpreter only when it passes there.
/// </summary>
internal sealed class OwnTestsRun(IProbeSession session, IMatrixObserver observer)
{
    private const int ListedIds = 10;

    public async Task<Dictionary<string, OwnTestsResult>> RunAsync(PythonInstallation python, InterpreterMode mode, PythonCatalog catalog, MatrixRequest request,
        string work, CancellationToken cancellation)
    {
        var testsOf = catalog.Modules.ToDictionary(m => m.Name, m => TestPaths(m, catalog, request), StringComparer.Ordinal);
        var paths = testsOf.Values.SelectMany(p => p).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var outcome = new Dictionary<string, OwnTestsResult>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return outcome;
        }
        observer.PhaseStarted(python.VersionText, mode.Name(), "tests", paths.Count);
        var state = Path.Combine(work, $".tests-{python.VersionText}-{mode.Name()}-{Guid.NewGuid():N}");
        var options = new RunOptions
        {
            Paths = paths, Jobs = request.Jobs, Python = python.Executable, Mode = mode, Engine = EngineChoice.Unittest,
            MaxWorkerRestarts = 100_000, ModuleTimeoutSeconds = request.TestModuleTimeoutSeconds, StateDirectory = state, Preload = [],
            CompareProcess = true,
        };
        RunReport report;
        try
        {
            report = await session.RunAsync(options, null, observer.Notice, cancellation).ConfigureAwait(false);
        }
        catch (RunSetupException error)
        {
            throw new MatrixSetupException(error.Message);
        }
        foreach (var (module, tests) in testsOf.Where(t => t.Value.Count > 0))
        {
            var results = report.Modules.Where(r => tests.Any(path => Covers(path, r, catalog, request))).ToList();
            outcome[module] = Summarise(results);
        }
        return outcome;
    }

    private static IReadOnlyList<string> TestPaths(CatalogEntry module, PythonCatalog catalog, MatrixRequest request) =>
        module.Kind.StartsWith("stdlib", StringComparison.Ordinal)
            ? StdlibTests.Paths(module.Name, catalog.Stdlib)
            : request.TestFolder is { } folder ? [Path.GetFullPath(folder)] : [];

    /// <summary>The result came from a test module under that file or folder.</summary>
    private static bool Covers(string path, ModuleResult result, PythonCatalog catalog, MatrixRequest request)
    {
        var file = Path.GetFullPath(Path.Combine(RootOf(path, catalog), result.Path));
        return file == path || file.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal);
    }

    /// <summary>The folder discovery puts on sys.path for test modules under this path: the nearest ancestor that is not a package.</summary>
    private static string RootOf(string path, PythonCatalog catalog)
    {
        if (path.StartsWith(catalog.Stdlib.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            return catalog.Stdlib;
        }
        var folder = File.Exists(path) ? Path.GetDirectoryName(path)! : path;
        while (File.Exists(Path.Combine(folder, "__init__.py")) && Path.GetDirectoryName(folder) is { } parent)
        {
            folder = parent;
        }
        return folder;
    }

    private static OwnTestsResult Summarise(IReadOnlyList<ModuleResult> results)
    {
        var tests = results.SelectMany(r => r.Tests).ToList();
        // The comparison's label per failure; none (the process never got to it, or could not run) counts as failing there too.
        var failing = results.SelectMany(r => r.Tests.Where(t => VerdictRules.IsFailure(t.Outcome) && t.Outcome != TestOutcome.Crashed).Select(t => (Id: t.Id, Label: t.Comparison)))
            .Concat(results.Where(r => r.Error is not null && r.Crash is null).Select(r => (Id: r.Module, Label: r.Comparison?.ModuleLabel)))
            .ToList();
        var onlyHere = failing.Where(f => f.Label == ProcessComparison.SubinterpreterOnly).Select(f => f.Id).ToList();
        var both = failing.Where(f => f.Label != ProcessComparison.SubinterpreterOnly).Select(f => f.Id).ToList();
        var crashed = results.Where(r => r.Crash is not null).ToList();
        var cell = new CellTests(results.Select(r => r.Module).Order(StringComparer.Ordinal).ToList(),
            tests.Count(t => t.Outcome == TestOutcome.Passed), failing.Count, crashed.Count, tests.Count(t => t.Outcome == TestOutcome.Skipped),
            onlyHere.Order(StringComparer.Ordinal).ToList(), both.Order(StringComparer.Ordinal).ToList());
        var counts = $"own tests ({string.Join(", ", cell.Modules)}): {cell.Passed} passed, {cell.Failed} failed, {cell.Crashed} crashed, {cell.Skipped} skipped";
        if (crashed.Count > 0)
        {
            return new OwnTestsResult(cell, CellStatus.Crashes, $"{counts}; {crashed[0].Module} crashed: {crashed[0].Crash!.Reason}");
        }
        if (onlyHere.Count > 0)
        {
            return new OwnTestsResult(cell, CellStatus.Broken, $"{counts}; failing only in a subinterpreter (they pass in a plain process): {List(onlyHere)}");
        }
        return new OwnTestsResult(cell, CellStatus.Ok, both.Count > 0 ? $"{counts}; the failures fail in a plain process too: {List(both)}" : counts);
    }

    private static string List(List<string> ids) =>
        string.Join(", ", ids.Take(ListedIds)) + (ids.Count > ListedIds ? $", ... ({ids.Count} in all)" : "");
}
