using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// Test modules that manage interpreters themselves (CPython's test__interpreters, tests written
/// with concurrent.interpreters) beside other modules, with a time limit set (the driver's watchdog
/// imports _interpreters first: the guard once stayed off then). A module may destroy whatever
/// interpreters it finds; it must reach only its own, never a neighbour's or the worker's, and two
/// such modules must not see each other's.
/// </summary>
public sealed class InterpreterManagingModulesTests
{
    // What such a module sees of the interpreters: on 3.13+ list_all() gives (id, whence) pairs.
    private const string Helpers = """
        try:
            import _interpreters as interpreters  # 3.13+
        except ImportError:
            import _xxsubinterpreters as interpreters  # 3.12

        def key(entry):
            return int(entry[0] if isinstance(entry, tuple) else entry)

        def ids():
            return {key(entry) for entry in interpreters.list_all()}

        MAIN = key(interpreters.get_main())
        CURRENT = key(interpreters.get_current())
        """;

    [PythonTheory]
    public void AModuleThatDestroysEveryInterpreterItFindsReachesOnlyItsOwn(PythonInstallation python)
    {
        var files = new Dictionary<string, string>
        {
            ["interp_helpers.py"] = Helpers,
            // test__interpreters' tearDown, for three seconds: destroy every interpreter but the main one.
            ["test_destroyer.py"] = """
                import time, unittest
                from interp_helpers import interpreters, ids, key, MAIN, CURRENT

                class Destroyer(unittest.TestCase):
                    def test_destroys_all_it_finds(self):
                        deadline = time.monotonic() + 3
                        while time.monotonic() < deadline:
                            for found in ids() - {MAIN, CURRENT}:
                                try:
                                    interpreters.destroy(found)
                                except Exception:
                                    pass
                            time.sleep(0.001)
                        mine = interpreters.create()  # kept: on 3.12 the last reference to an id destroys it
                        self.assertIn(key(mine), ids())
                        interpreters.destroy(mine)
                """,
        };
        // Neighbours that load an extension: after each, the worker makes a probe interpreter.
        for (var i = 0; i < 8; i++)
        {
            files[$"test_neighbour_{i}.py"] = "import _json, time, unittest\n\nclass Neighbour(unittest.TestCase):\n    def test_sleeps(self):\n        time.sleep(0.3)\n";
        }
        var run = CliRun.Start(["run", TempSuite.Create("destroyer", files), "--python", python.Executable, "-j", "2", "--timeout", "60",
            "--json", "report.json", "--no-compare-process"], timeout: TimeSpan.FromMinutes(4));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.All(ReportModules.Verdicts(run.ReadJson("report.json")), verdict => Assert.Equal("passed", verdict.Value));
    }

    [PythonTheory]
    public void TwoModulesThatManageInterpretersNeverSeeEachOthers(PythonInstallation python)
    {
        var files = new Dictionary<string, string> { ["interp_helpers.py"] = Helpers };
        foreach (var name in new[] { "test_manager_a", "test_manager_b" })
        {
            files[name + ".py"] = """
                import sys, time, unittest
                from interp_helpers import interpreters, ids, key, MAIN, CURRENT

                class Manager(unittest.TestCase):
                    def test_sees_only_its_own(self):
                        created = [interpreters.create() for _ in range(3)]  # kept: on 3.12 the last reference destroys it
                        mine = {key(interp) for interp in created}
                        for _ in range(20):
                            time.sleep(0.05)
                            seen = ids()
                            self.assertTrue(mine <= seen, (mine, seen))
                            if sys.version_info >= (3, 13):
                                # the main interpreter, this one and its own: no neighbour's, no probe
                                self.assertEqual(seen, {MAIN, CURRENT} | mine)
                        for interp in created:
                            interpreters.destroy(interp)
                """;
        }
        var run = CliRun.Start(["run", TempSuite.Create("managers", files), "--python", python.Executable, "-j", "2", "--timeout", "60",
            "--json", "report.json", "--no-compare-process"], timeout: TimeSpan.FromMinutes(4));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.All(ReportModules.Verdicts(run.ReadJson("report.json")), verdict => Assert.Equal("passed", verdict.Value));
    }
}
