using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Tests.Orchestration;

/// <summary>When the orchestrator answers a refusal with the 3.12 canary: by the run's mode and Python, never the plan's default mode.</summary>
public sealed class RefusalCanaryTests
{
    private static readonly PythonInstallation Python312 = new(new Version(3, 12, 1), "3.12.1", "/nonexistent/python3.12", "/nonexistent/libpython3.12.so",
        "/nonexistent", "/nonexistent", Shared: true, FreeThreaded: false, "test");

    private static ModuleRun RefusingRun(InterpreterMode mode)
    {
        var module = new TestModule("test_m", "/suite/test_m.py", "/suite", "test_m.py");
        var run = new ModuleRun(new WorkItem(module, mode, WorkPurpose.Main, null), 0, 0, 1, 4242, 1);
        run.Apply(new ExtensionRefusedMessage { Slot = 0, Seq = 1, Extension = "_datetime", Error = "refused" });
        return run;
    }

    [Theory]
    [InlineData(InterpreterMode.Isolated, true)]
    [InlineData(InterpreterMode.Legacy, false)]
    public void With_both_modes_it_follows_each_runs_mode(InterpreterMode runMode, bool applies)
    {
        // --mode both: the options' own mode is the default (isolated) for every run, legacy ones included.
        var plan = new RunPlan(new RunOptions { Paths = ["/suite"], BothModes = true, Mode = InterpreterMode.Isolated }, Python312, "unittest", []);

        Assert.Equal(applies, RefusalCanary.Applies(plan, RefusingRun(runMode)));
    }

    [Fact]
    public void CPython_313_refuses_before_initialising_and_needs_none()
    {
        var plan = new RunPlan(new RunOptions { Paths = ["/suite"] }, Python312 with { Version = new Version(3, 13, 0) }, "unittest", []);

        Assert.False(RefusalCanary.Applies(plan, RefusingRun(InterpreterMode.Isolated)));
    }
}
