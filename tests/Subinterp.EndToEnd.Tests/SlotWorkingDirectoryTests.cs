using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// Each module's current directory and umask are its own, as a regrtest worker's are: a neighbour
/// that works in a temporary directory (test.support's temp_cwd) no longer moves this module's
/// relative paths (test_bufio lost its TESTFN that way, once in three runs of CPython's suite), its
/// subprocesses start where it is, and a directory a module leaves changed is still its leak.
/// </summary>
public sealed class SlotWorkingDirectoryTests
{
    // The two modules meet through files in a rendezvous folder, so that the neighbour's chdir
    // happens while the other module's test runs, however loaded the machine is.
    private const string Neighbour = """
        import os, tempfile, time, unittest

        RENDEZVOUS = os.environ["SUBINTERP_E2E_RENDEZVOUS"]

        def wait_for(name):
            deadline = time.monotonic() + 60
            while not os.path.exists(os.path.join(RENDEZVOUS, name)):
                if time.monotonic() > deadline:
                    raise AssertionError("the other module never wrote " + name)
                time.sleep(0.02)

        class WorksInATemporaryDirectory(unittest.TestCase):
            def test_chdir_and_umask_while_the_other_module_runs(self):
                wait_for("ready")
                home = os.getcwd()
                with tempfile.TemporaryDirectory() as elsewhere:
                    os.chdir(elsewhere)
                    old = os.umask(0o077)
                    open(os.path.join(RENDEZVOUS, "moved"), "w").close()
                    try:
                        wait_for("checked")
                    finally:
                        os.umask(old)
                        os.chdir(home)
        """;

    private const string Relative = """
        import os, subprocess, sys, time, unittest

        RENDEZVOUS = os.environ["SUBINTERP_E2E_RENDEZVOUS"]
        START = os.getcwd()
        NAME = "relative-%d.txt" % os.getpid()

        class UsesRelativePaths(unittest.TestCase):
            def test_its_directory_stays_its_own(self):
                with open(NAME, "w") as f:
                    f.write("mine")
                mask = os.umask(0o022)
                os.umask(mask)
                open(os.path.join(RENDEZVOUS, "ready"), "w").close()
                deadline = time.monotonic() + 60
                while not os.path.exists(os.path.join(RENDEZVOUS, "moved")):
                    self.assertLess(time.monotonic(), deadline, "the neighbour never moved")
                    time.sleep(0.02)
                try:
                    self.assertEqual(os.getcwd(), START)
                    with open(NAME) as f:
                        self.assertEqual(f.read(), "mine")
                    now = os.umask(0o022)
                    os.umask(now)
                    self.assertEqual(now, mask)
                    # A subprocess starts where its module is.
                    where = subprocess.run([sys.executable, "-c", "import os; print(os.getcwd())"], capture_output=True, text=True, check=True)
                    self.assertEqual(where.stdout.strip(), START)
                finally:
                    os.remove(NAME)
                    open(os.path.join(RENDEZVOUS, "checked"), "w").close()
        """;

    private const string LeavesItChanged = """
        import os, tempfile, unittest

        class LeavesTheDirectoryChanged(unittest.TestCase):
            def test_chdir_without_coming_back(self):
                os.chdir(tempfile.mkdtemp(prefix="subinterp-e2e-left-"))
        """;

    [PythonTheory]
    public void ANeighboursChdirAndUmaskNeverReachAnotherModule(PythonInstallation python)
    {
        var suite = TempSuite.Create("slot-cwd", new Dictionary<string, string>
        {
            ["test_neighbour_chdir.py"] = Neighbour,
            ["test_relative_paths.py"] = Relative,
        });
        var rendezvous = Directory.CreateTempSubdirectory("subinterp-rendezvous-").FullName;

        var run = CliRun.Start(["run", suite, "-j", "2", "--python", python.Executable, "--json", "report.json"],
            environment: new Dictionary<string, string?> { ["SUBINTERP_E2E_RENDEZVOUS"] = rendezvous });

        Assert.True(run.ExitCode == 0, run.Describe());
        var report = run.ReadJson("report.json");
        Assert.Equal("passed", (string)ReportModules.Module(report, "test_relative_paths")["verdict"]!);
        Assert.Equal("passed", (string)ReportModules.Module(report, "test_neighbour_chdir")["verdict"]!);
    }

    [PythonTheory]
    public void ADirectoryAModuleLeavesChangedIsItsLeakAndTheNextModuleStartsAtHome(PythonInstallation python)
    {
        var suite = TempSuite.Create("slot-cwd-leak", new Dictionary<string, string>
        {
            ["test_a_leaves_cwd.py"] = LeavesItChanged,
            ["test_b_starts_at_home.py"] = """
                import os, unittest

                class StartsAtHome(unittest.TestCase):
                    def test_cwd_is_where_subinterp_was_started(self):
                        self.assertEqual(os.path.realpath(os.getcwd()), os.path.realpath(os.environ["SUBINTERP_E2E_HOME"]))
                """,
        });
        var home = Directory.CreateTempSubdirectory("subinterp-e2e-home-").FullName;

        // One slot: the second module runs on the slot the first left in another directory.
        var run = CliRun.Start(["run", suite, "-j", "1", "--python", python.Executable, "--json", "report.json"], workDir: home,
            environment: new Dictionary<string, string?> { ["SUBINTERP_E2E_HOME"] = home });

        var report = run.ReadJson("report.json");
        var leaked = ReportModules.Module(report, "test_a_leaves_cwd");
        Assert.True((string)leaked["verdict"]! == "leaked", run.Describe());
        var leak = Assert.Single(leaked["leaks"]!.AsArray());
        Assert.Equal("cwd", (string)leak!["kind"]!);
        Assert.Contains("subinterp-e2e-left-", (string)leak["detail"]!, StringComparison.Ordinal);
        Assert.True((string)ReportModules.Module(report, "test_b_starts_at_home")["verdict"]! == "passed", run.Describe());
    }
}
