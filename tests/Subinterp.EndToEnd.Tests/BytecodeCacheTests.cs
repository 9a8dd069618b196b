using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// With PYTHONDONTWRITEBYTECODE=1, the pytest engine caches bytecode in the worker's private folder
/// (Driver/subinterp_driver/bytecode_cache.py, rewrite_cache.py) only while the import system reads or
/// writes it. What the tests see stays what a plain process shows them: the settings, at import and
/// in a test, __cached__, no .pyc beside the sources, and tracebacks without the driver's frames.
/// </summary>
public sealed class BytecodeCacheTests
{
    private const string ImportsThePackage = """
        import importlib.util, os, sys

        AT_IMPORT = [sys.dont_write_bytecode, sys.pycache_prefix]
        import pkg

        def test_sees_what_a_plain_process_shows():
            assert AT_IMPORT == [True, None]
            assert [sys.dont_write_bytecode, sys.pycache_prefix] == [True, None]
            beside = os.path.join(os.path.dirname(pkg.__file__), "__pycache__")
            assert pkg.__cached__ == pkg.__spec__.cached == importlib.util.cache_from_source(pkg.__file__)
            assert os.path.dirname(pkg.__cached__) == beside
            assert pkg.core.VALUE == 42
        """;

    [PythonTheory]
    public void TestModulesSeeTheInterpretersOwnBytecodeSettingsAndNothingIsWrittenBesideTheSources(PythonInstallation python)
    {
        var suite = TempSuite.Create("bytecode-cache", new Dictionary<string, string>
        {
            ["pkg/__init__.py"] = "from . import core\n",
            ["pkg/core.py"] = "VALUE = 42\n",
            ["test_first.py"] = ImportsThePackage,
            ["test_second.py"] = ImportsThePackage,
        });

        var run = CliRun.Start(
            ["run", suite, "--engine", "pytest", "-j", "1", "--python", VenvWithPytest.For(python), "--json", "report.json", "--no-compare-process"],
            environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONPYCACHEPREFIX"] = null });

        Assert.True(run.ExitCode == 0, run.Describe());
        var written = Directory.EnumerateFiles(suite, "*", SearchOption.AllDirectories).Where(f => f.Contains("__pycache__")).ToList();
        Assert.True(written.Count == 0, $"PYTHONDONTWRITEBYTECODE=1, yet bytecode was written beside the sources: {string.Join(", ", written)}");
    }

    [PythonTheory]
    public void AFailedImportReadsAsInAPlainProcess(PythonInstallation python)
    {
        var suite = TempSuite.Create("bytecode-cache-errors", new Dictionary<string, string>
        {
            ["broken/__init__.py"] = "from . import core\n",
            ["broken/core.py"] = "VALUE = (\n",
            ["test_missing.py"] = "import a_module_nobody_wrote\n\ndef test_never():\n    pass\n",
            ["test_broken.py"] = "import broken\n\ndef test_never():\n    pass\n",
        });

        var run = CliRun.Start(
            ["run", suite, "--engine", "pytest", "-j", "1", "--python", VenvWithPytest.For(python), "--json", "report.json", "--no-compare-process"],
            environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONPYCACHEPREFIX"] = null });

        var report = run.ReadJson("report.json");
        foreach (var (module, kind) in new[] { ("test_missing", "import"), ("test_broken", "syntax") })
        {
            var error = ReportModules.Module(report, module)["error"];
            Assert.True(error is not null && (string)error["kind"]! == kind, run.Describe());
            var traceback = (string)error["traceback"]!;
            // pytest's own frames and importlib's stay, as in a plain run; the driver's wrappers do not show.
            Assert.True(!traceback.Contains("subinterp_driver") && !traceback.Contains("bytecode_cache") && !traceback.Contains("rewrite_cache"),
                $"{module}: a driver frame in the traceback:\n{traceback}");
            Assert.Contains(module + ".py:1", traceback);
        }
    }
}
