using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Tests.Orchestration;

/// <summary>What the quarantine decides once every suspect of a worker death has run alone.</summary>
public sealed class CrashGroupTests
{
    private static readonly WorkerDeath Segfault = new(WorkerExit.From(139), null, "Fatal Python error: Segmentation fault", "stderr tail");

    private static TestModule Module(string name) => new(name, $"/suite/{name}.py", "/suite", $"{name}.py");

    private static ModuleRun Running(string name, int slot, string? test)
    {
        var run = new ModuleRun(new WorkItem(Module(name), InterpreterMode.Isolated, WorkPurpose.Main, null), slot, slot, slot + 1, 4242, 1);
        run.Apply(new InterpCreatedMessage { Slot = slot, Seq = run.Seq, Interp = 1, Cpu = slot, CreateMs = 1, Tid = 7 });
        if (test is not null)
        {
            run.Apply(new TestStartMessage { Slot = slot, Seq = run.Seq, Id = test });
        }
        return run;
    }

    private static ModuleResult Alone(string name, Verdict verdict, CrashInfo? crash = null) => new()
    {
        Module = name, Path = $"{name}.py", Mode = InterpreterMode.Isolated, Verdict = verdict, Crash = crash,
        Tests = [new TestResult { Id = $"{name}.T.test", Outcome = verdict == Verdict.Passed ? TestOutcome.Passed : TestOutcome.Crashed }],
    };

    [Fact]
    public void The_suspect_that_crashes_alone_is_blamed_and_the_other_keeps_what_it_did_alone()
    {
        var a = Running("test_a", 0, "test_a.T.test_x");
        var b = Running("test_b", 1, "test_b.T.test_y");
        var group = CrashGroup.OfSuspects(Segfault, [a, b]);

        Assert.False(group.Record(a.Module, Alone("test_a", Verdict.Crashed, new CrashInfo("SIGSEGV", -11, "test_a.T.test_x", null, null, "the worker was killed by SIGSEGV (signal 11)"))));
        Assert.True(group.Record(b.Module, Alone("test_b", Verdict.Passed)));
        var decided = group.Decide().ToDictionary(d => d.Module.Name, d => d.Result);

        Assert.Equal(Verdict.Crashed, decided["test_a"].Verdict);
        Assert.EndsWith("this happened when it ran alone in a fresh worker, after it first brought a worker down when run alongside test_b", decided["test_a"].Crash!.Reason);
        Assert.Equal(Verdict.Passed, decided["test_b"].Verdict);
        Assert.Null(decided["test_b"].Crash);
    }

    [Fact]
    public void When_nobody_crashes_alone_each_is_crashed_only_alongside_the_others_with_the_original_evidence()
    {
        var a = Running("test_a", 0, "test_a.T.test_x");
        var b = Running("test_b", 1, null);
        var group = CrashGroup.OfSuspects(Segfault, [a, b]);

        group.Record(a.Module, Alone("test_a", Verdict.Passed));
        group.Record(b.Module, Alone("test_b", Verdict.Passed));
        var decided = group.Decide().ToDictionary(d => d.Module.Name, d => d.Result);

        var crash = decided["test_a"].Crash!;
        Assert.Equal(Verdict.Crashed, decided["test_a"].Verdict);
        Assert.Equal("SIGSEGV", crash.Signal);
        Assert.Equal(-11, crash.ExitCode);
        Assert.Equal("test_a.T.test_x", crash.Test);
        Assert.Equal("Fatal Python error: Segmentation fault", crash.Traceback);
        Assert.StartsWith("crashed only when run alongside test_b: the worker was killed by SIGSEGV (signal 11); run alone in a fresh worker it passed", crash.Reason);
        // What it did alone is kept: its tests passed.
        Assert.Equal(TestOutcome.Passed, decided["test_a"].Tests.Single().Outcome);
        Assert.Contains("alongside test_a", decided["test_b"].Crash!.Reason);
    }

    [Fact]
    public void When_a_suspect_times_out_alone_nobody_is_blamed_for_a_crash_only_alongside()
    {
        // Seen under heavy load: a memory bomb slowed past its timeout alone, its neighbour finished
        // alone; the neighbour was blamed for the worker's death.
        var a = Running("test_a", 0, "test_a.T.test_x");
        var b = Running("test_b", 1, "test_b.T.test_y");
        var group = CrashGroup.OfSuspects(Segfault, [a, b]);
        var timedOut = Alone("test_a", Verdict.TimedOut) with { Timeout = new TimeoutInfo(3, "test_a.T.test_x", null) };

        group.Record(a.Module, timedOut);
        group.Record(b.Module, Alone("test_b", Verdict.Passed));
        var decided = group.Decide().ToDictionary(d => d.Module.Name, d => d.Result);

        Assert.Equal(Verdict.TimedOut, decided["test_a"].Verdict);
        Assert.Null(decided["test_a"].Crash);
        Assert.Equal(Verdict.Passed, decided["test_b"].Verdict);
        Assert.Null(decided["test_b"].Crash);
    }

    [Fact]
    public void A_suspect_that_could_not_be_rerun_keeps_the_original_blame()
    {
        var a = Running("test_a", 0, "test_a.T.test_x");
        var b = Running("test_b", 1, "test_b.T.test_y");
        var group = CrashGroup.OfSuspects(Segfault, [a, b]);
        var notRun = new ModuleResult { Module = "test_a", Path = "test_a.py", Mode = InterpreterMode.Isolated, Error = new ModuleError("not-run", "restart limit", null) };

        group.Record(a.Module, notRun);
        group.Record(b.Module, Alone("test_b", Verdict.Passed));
        var decided = group.Decide().ToDictionary(d => d.Module.Name, d => d.Result);

        Assert.Equal(Verdict.Crashed, decided["test_a"].Verdict);
        Assert.Contains("could not be re-run alone (restart limit)", decided["test_a"].Crash!.Reason);
    }

    [Fact]
    public void Runs_whose_interpreter_was_not_created_are_innocent_and_then_the_slots_previous_module_is_suspected()
    {
        var creating = new ModuleRun(new WorkItem(Module("test_next"), InterpreterMode.Isolated, WorkPurpose.Main, null), 0, 0, 9, 4242, 1);
        var previous = Running("test_before", 0, null);
        previous.Apply(new ModuleDoneMessage { Slot = 0, Seq = previous.Seq, DriverExit = "ok" });
        Assert.Equal(RunPhase.Done, previous.Phase);

        var who = CrashAttribution.Attribute([creating], new Dictionary<int, ModuleRun> { [0] = previous });

        Assert.Empty(who.Suspects);
        Assert.Equal([creating], who.Innocent);
        Assert.Equal([previous], who.Previous);
    }

    [Fact]
    public void A_run_with_test_code_running_makes_the_previous_modules_irrelevant()
    {
        var creating = new ModuleRun(new WorkItem(Module("test_next"), InterpreterMode.Isolated, WorkPurpose.Main, null), 0, 0, 9, 4242, 1);
        var running = Running("test_running", 1, "test_running.T.test");
        var previous = Running("test_before", 0, null);

        var who = CrashAttribution.Attribute([creating, running], new Dictionary<int, ModuleRun> { [0] = previous });

        Assert.Equal([running], who.Suspects);
        Assert.Empty(who.Previous);
    }

    [Fact]
    public void A_crash_in_the_refusal_canary_names_the_test_that_imported_the_extension_and_why()
    {
        var run = Running("test_dt", 0, "test_dt.T.test_import");
        run.Apply(new ExtensionRefusedMessage { Slot = 0, Seq = run.Seq, Extension = "_datetime", Error = "refused" });
        run.Apply(new TestEndMessage { Slot = 0, Seq = run.Seq, Id = "test_dt.T.test_import", Outcome = "passed", DurationMs = 1 });
        run.AwaitCanary(waitsForQuiet: false);
        var abort = new WorkerDeath(WorkerExit.From(134), null, null, null);

        Assert.Equal("test_dt.T.test_import", CrashAttribution.Test(run));
        Assert.StartsWith("the worker was killed by SIGABRT (signal 6) when a fresh interpreter imported _datetime again", CrashAttribution.Reason(run, abort));
    }
}
