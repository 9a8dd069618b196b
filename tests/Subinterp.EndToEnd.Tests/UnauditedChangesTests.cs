using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// Changes CPython raises no audit event for, made while a neighbour runs in the same worker: the
/// driver notes them (os.dup, os.grantpt), so the module that made them is named at once, with no
/// run alone to tell (W6 ran test_os, test_pdb and test___all__ alone for these before).
/// </summary>
public sealed class UnauditedChangesTests
{
    // Long enough that the other module's window is open when the change appears.
    private const string Neighbour = "import time, unittest\n\nclass Waits(unittest.TestCase):\n    def test_waits(self):\n        time.sleep(2)\n";

    [PythonTheory]
    public void ACopyOfStdoutKeptFromImportIsTheModulesLeakWithNoRunAlone(PythonInstallation python)
    {
        var suite = TempSuite.Create("kept-copy", new Dictionary<string, string>
        {
            // As _pyrepl.readline does: a copy of fd 1 made at import and never closed.
            ["test_keeps_copy.py"] = "import os, time, unittest\n\ntime.sleep(0.5)\nKEPT = os.dup(1)\n\nclass Keeps(unittest.TestCase):\n    def test_kept(self):\n        self.assertGreater(KEPT, 2)\n",
            ["test_neighbour.py"] = Neighbour,
        });

        var report = Run(python, suite);

        var kept = ReportModules.Module(report, "test_keeps_copy");
        Assert.Equal("leaked", ReportModules.Verdict(kept));
        Assert.Contains(ReportModules.Leaks(kept), leak => leak.Kind == "fd" && leak.Detail.Contains("left open", StringComparison.Ordinal));
        Assert.Equal("passed", ReportModules.Verdict(ReportModules.Module(report, "test_neighbour")));
    }

    [PythonTheory(MinVersion = "3.13")]
    public void SigchldFlagsLeftByOsGrantptAreTheCallersWithNoRunAlone(PythonInstallation python)
    {
        var suite = TempSuite.Create("grantpt", new Dictionary<string, string>
        {
            // CPython's os.grantpt sets SIGCHLD to SIG_DFL around grantpt() and restores it with SA_ONSTACK.
            ["test_grantpt.py"] = "import os, time, unittest\n\nclass Pty(unittest.TestCase):\n    def test_grantpt(self):\n        time.sleep(0.5)\n        fd = os.posix_openpt(os.O_RDWR | os.O_NOCTTY)\n        try:\n            os.grantpt(fd)\n        finally:\n            os.close(fd)\n",
            ["test_neighbour.py"] = Neighbour,
        });

        var report = Run(python, suite);

        var caller = ReportModules.Module(report, "test_grantpt");
        Assert.Equal("leaked", ReportModules.Verdict(caller));
        Assert.Contains(("signal", "SIGCHLD flags changed from none to SA_ONSTACK"), ReportModules.Leaks(caller));
        Assert.Equal("passed", ReportModules.Verdict(ReportModules.Module(report, "test_neighbour")));
    }

    private static System.Text.Json.Nodes.JsonObject Run(PythonInstallation python, string suite)
    {
        var run = CliRun.Start(["run", suite, "--python", python.Executable, "-j", "2", "--json", "report.json", "--no-compare-process"]);
        Assert.True(run.ExitCode == 3, run.Describe());
        var report = run.ReadJson("report.json");
        // Told apart by the notes: neither module was run again alone.
        Assert.Equal(0, (int)report["leakConfirmations"]!);
        return report;
    }
}
