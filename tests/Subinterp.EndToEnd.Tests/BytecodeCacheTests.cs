using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// With PYTHONDONTWRITEBYTECODE=1, the pytest engine compiles a package without .pyc files once
/// per run instead of once per module: the first module's interpreter writes its bytecode to the
/// worker's private folder, the next one reads it from there (Driver/subinterp_driver/bytecode_cache.py).
/// Each module records, with an audit hook, which of the package's files its interpreter compiled
/// ("compile") and which .pyc files it opened ("open"). What the tests see stays what a plain process
/// shows them: the settings, __cached__, no .pyc beside the sources, a module rewritten within the
/// same second imported anew, and settings a test chose itself left to it.
/// </summary>
public sealed class BytecodeCacheTests
{
    private const string ImportsThePackage = """
        import importlib.util, json, os, sys

        compiled, opened = [], []

        def _seen(event, args):
            path = args[1] if event == "compile" else args[0] if event == "open" else None
            if isinstance(path, str) and os.sep + "pkg" + os.sep in path:
                (compiled if event == "compile" else opened).append(path)

        sys.addaudithook(_seen)
        AT_IMPORT = [sys.dont_write_bytecode, sys.pycache_prefix]
        import pkg

        def test_sees_what_a_plain_process_shows():
            assert AT_IMPORT == [True, None]
            assert [sys.dont_write_bytecode, sys.pycache_prefix] == [True, None]
            beside = os.path.join(os.path.dirname(pkg.__file__), "__pycache__")
            # 3.15 no longer sets a module's __cached__, in a plain process either: the spec's is what is left.
            assert getattr(pkg, "__cached__", pkg.__spec__.cached) == pkg.__spec__.cached == importlib.util.cache_from_source(pkg.__file__)
            assert os.path.dirname(pkg.__spec__.cached) == beside
            assert pkg.core.VALUE == 42
            with open(os.path.join(os.environ["FACTS_DIR"], __name__ + ".json"), "w") as f:
                json.dump({"compiled": sorted(os.path.basename(p) for p in compiled),
                           "pyc": [p for p in opened if p.endswith(".pyc")]}, f)
        """;

    // Rewritten at the same size and given its first modification time back: a .pyc cached from the
    // first text would pass for the second's.
    private const string RewritesAModule = """
        import importlib, os, sys

        def test_a_module_rewritten_in_the_same_second_is_imported_anew(tmp_path):
            sys.path.insert(0, str(tmp_path))
            source = tmp_path / "fresh_module.py"
            source.write_text("VALUE = 1\n")
            first = os.stat(source)
            import fresh_module
            assert fresh_module.VALUE == 1
            source.write_text("VALUE = 2\n")
            os.utime(source, ns=(first.st_atime_ns, first.st_mtime_ns))
            del sys.modules["fresh_module"]
            importlib.invalidate_caches()
            import fresh_module
            assert fresh_module.VALUE == 2
        """;

    // Settings a test chose itself are its own: bytecode goes where it asked.
    private const string ChoosesItsOwnSettings = """
        import importlib.util, os, sys

        def test_settings_a_test_chose_are_left_as_they_are(tmp_path):
            sys.dont_write_bytecode, sys.pycache_prefix = False, str(tmp_path)
            try:
                import pkg.extra
                expected = importlib.util.cache_from_source(pkg.extra.__file__)
            finally:
                sys.dont_write_bytecode, sys.pycache_prefix = True, None
            assert expected.startswith(str(tmp_path) + os.sep)
            assert os.path.exists(expected)
        """;

    [PythonTheory]
    public void APackageWithoutBytecodeIsCompiledOncePerRunAndNothingIsWrittenBesideIt(PythonInstallation python)
    {
        var suite = TempSuite.Create("bytecode-cache", new Dictionary<string, string>
        {
            ["pkg/__init__.py"] = "from . import core\n",
            ["pkg/core.py"] = "VALUE = 42\n",
            ["pkg/extra.py"] = "EXTRA = 1\n",
            ["test_first.py"] = ImportsThePackage,
            ["test_second.py"] = ImportsThePackage,
            ["test_rewrites.py"] = RewritesAModule,
            ["test_own_settings.py"] = ChoosesItsOwnSettings,
        });
        // A checked-out package: not written a moment ago (a source that young is compiled as a plain process does).
        foreach (var source in Directory.EnumerateFiles(Path.Combine(suite, "pkg")))
        {
            File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(-5));
        }
        var facts = Directory.CreateTempSubdirectory("subinterp-bytecode-facts-").FullName;

        var run = CliRun.Start(
            ["run", suite, "--engine", "pytest", "-j", "1", "--python", VenvWithPytest.For(python), "--json", "report.json", "--no-compare-process"],
            environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONPYCACHEPREFIX"] = null, ["FACTS_DIR"] = facts });

        Assert.True(run.ExitCode == 0, run.Describe());
        var written = Directory.EnumerateFiles(suite, "*", SearchOption.AllDirectories).Where(f => f.Contains("__pycache__")).ToList();
        Assert.True(written.Count == 0, $"PYTHONDONTWRITEBYTECODE=1, yet bytecode was written beside the sources: {string.Join(", ", written)}");
        var modules = new[] { "test_first", "test_second" }
            .Select(name => JsonNode.Parse(File.ReadAllText(Path.Combine(facts, name + ".json")))!.AsObject())
            .ToList();
        string[] Compiled(JsonObject module) => module["compiled"]!.AsArray().Select(f => (string)f!).ToArray();
        // -j 1: one worker, the modules one after the other, whichever runs first.
        var compiling = modules.Where(m => Compiled(m).Length > 0).ToList();
        Assert.True(compiling.Count == 1,
            $"one module's interpreter should have compiled the package, the next read it: {string.Join("; ", modules.Select(m => m.ToJsonString()))}");
        Assert.Equal(["__init__.py", "core.py"], Compiled(compiling[0]));
        var second = modules.Single(m => Compiled(m).Length == 0);
        var read = second["pyc"]!.AsArray().Select(p => (string)p!).ToList();
        Assert.True(read.Count == 2 && read.All(p => !p.StartsWith(suite + Path.DirectorySeparatorChar, StringComparison.Ordinal)),
            $"the second module's interpreter should have read the package's two .pyc files from the worker's folder: {string.Join(", ", read)}");
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
        foreach (var source in Directory.EnumerateFiles(Path.Combine(suite, "broken")))
        {
            File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(-5));
        }

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
