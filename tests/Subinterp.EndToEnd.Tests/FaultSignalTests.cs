using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A fault signal that faulthandler raises again ends the worker with that signal, in the native
/// worker and in the managed one (Interop/FaultSignals.cs). The test runs on a 1 MiB alternate
/// signal stack: on CoreCLR's own 16 KiB one, a managed worker that kept the runtime's handler also
/// died of SIGSEGV, but by a second fault on that stack's guard page; with room, the same handler
/// ends in "stack smashing detected" and SIGABRT. Legacy mode: 3.12 refuses ctypes in an isolated
/// interpreter.
/// </summary>
public sealed class FaultSignalTests
{
    private const string Module = """
        import ctypes, signal, threading, unittest


        class stack_t(ctypes.Structure):
            _fields_ = [("ss_sp", ctypes.c_void_p), ("ss_flags", ctypes.c_int), ("ss_size", ctypes.c_size_t)]


        STACK = ctypes.create_string_buffer(1 << 20)


        class RoomyAltStackTests(unittest.TestCase):
            def test_a_sends_itself_sigsegv(self):
                roomy = stack_t(ctypes.addressof(STACK), 0, len(STACK))
                self.assertEqual(ctypes.CDLL(None).sigaltstack(ctypes.byref(roomy), None), 0)
                signal.pthread_kill(threading.get_ident(), signal.SIGSEGV)
                print("carried on after SIGSEGV")

            def test_b_never_runs(self):
                pass
        """;

    [PythonTheory]
    public void A_fault_signal_ends_the_native_worker_with_that_signal_and_faulthandler_s_dump(PythonInstallation python) => EndsWithTheSignal(python, managed: false);

    [PythonTheory]
    public void A_fault_signal_ends_the_managed_worker_with_that_signal_and_faulthandler_s_dump(PythonInstallation python) => EndsWithTheSignal(python, managed: true);

    private static void EndsWithTheSignal(PythonInstallation python, bool managed)
    {
        var worker = managed ? "managed" : "native";
        var suite = TempSuite.Create("fault-signal", new Dictionary<string, string> { ["test_roomy_altstack.py"] = Module });

        var run = CliRun.Start(["run", suite, "--mode", "legacy", "-j", "1", "--python", python.Executable, "--no-compare-process", "--json", "report.json"],
            environment: new Dictionary<string, string?> { [DotnetHost.WorkerVariable] = managed ? "managed" : null });

        Assert.True(run.ExitCode == 3, run.Describe());
        var module = run.ReadJson("report.json")["modules"]!.AsArray().Single()!;
        var crash = module["crash"]!;
        var description = $"{worker} worker: {crash.ToJsonString()}";
        Assert.True((string)module["verdict"]! == "crashed", description);
        Assert.True((string?)crash["signal"] == "SIGSEGV", description);
        Assert.True((int)crash["exitCode"]! == -11, description);
        Assert.Equal("test_roomy_altstack.RoomyAltStackTests.test_a_sends_itself_sigsegv", (string?)crash["test"]);
        var traceback = (string)crash["traceback"]!;
        Assert.StartsWith("Fatal Python error: Segmentation fault", traceback);
        Assert.Contains("in test_a_sends_itself_sigsegv", traceback);
        Assert.DoesNotContain("Aborted", traceback);
        Assert.Equal("not-run", (string)module["tests"]!.AsArray().Single(t => (string)t!["id"]! == "test_roomy_altstack.RoomyAltStackTests.test_b_never_runs")!["outcome"]!);
    }
}
