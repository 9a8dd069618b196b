using System.Text.Json;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runtime.Tests.Orchestration;

/// <summary>
/// The orchestrator driven by stepped workers: crashes with several modules in flight, crashes
/// during leak confirmation, the restart budget running out, cancellation, both modes. Each test
/// writes the workers' events itself and waits for what the orchestrator does in answer (a run it
/// sends, a result it publishes), never for time to pass. What the observer and the results get is
/// checked, above all that every module gets exactly one final result, that a result shown early
/// is marked provisional, and that no result changes after it was published.
/// </summary>
public sealed class OrchestratorScriptTests
{
    private static readonly PythonInstallation FakePython = new(new Version(3, 13, 0), "3.13.0", "/nonexistent/python3.13", "/nonexistent/libpython3.13.so",
        "/nonexistent", "/nonexistent", Shared: true, FreeThreaded: false, "test");

    private static readonly PythonInstallation FakePython312 = FakePython with { Version = new Version(3, 12, 1), VersionText = "3.12.1" };

    private const int Sigsegv = 128 + 11;
    private const int Sigabrt = 128 + 6;
    private const int Sigkill = 128 + 9;

    /// <summary>Everything the session's observer is told, and a way to wait for some of it.</summary>
    private sealed class Recorder : ISessionObserver
    {
        private readonly Lock _lock = new();
        private readonly List<(Func<bool> Happened, TaskCompletionSource Done)> _waits = [];
        private readonly Dictionary<ModuleFinish, string> _asPublished = [];

        public List<ModuleStart> Started { get; } = [];
        public List<ModuleFinish> Finished { get; } = [];
        public List<string> TestsStarted { get; } = [];
        public List<string> Notices { get; } = [];

        public void ModuleStarted(ModuleStart started) => Record(() => Started.Add(started));
        public void TestStarted(TestStart started) => Record(() => TestsStarted.Add(started.TestId));
        public void Notice(string message) => Record(() => Notices.Add(message));

        public void ModuleFinished(ModuleFinish finished) => Record(() =>
        {
            Finished.Add(finished);
            _asPublished[finished] = JsonSerializer.Serialize(finished.Result);
        });

        private void Record(Action add)
        {
            lock (_lock)
            {
                add();
                foreach (var wait in _waits.Where(w => w.Happened()).ToList())
                {
                    _waits.Remove(wait);
                    wait.Done.TrySetResult();
                }
            }
        }

        private Task When(Func<bool> happened)
        {
            lock (_lock)
            {
                if (happened())
                {
                    return Task.CompletedTask;
                }
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((happened, done));
                return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        public Task WhenFinal(string module) => When(() => Finished.Any(f => f.Final && f.Module.Name == module));

        public Task WhenTestStarted(string test) => When(() => TestsStarted.Contains(test));

        public ModuleResult Final(string module, InterpreterMode mode = InterpreterMode.Isolated) =>
            Finished.Single(f => f.Final && f.Module.Name == module && f.Mode == mode).Result;

        /// <summary>A published result is never written to again: what it says now is what it said when it was shown.</summary>
        public void AssertUnchangedSincePublished()
        {
            foreach (var (finished, json) in _asPublished)
            {
                Assert.Equal(json, JsonSerializer.Serialize(finished.Result));
            }
        }
    }

    private sealed record Outcome(Recorder Observer, SteppedLauncher Launcher, bool Cancelled);

    /// <summary>A run in progress: the test steps its workers, then waits for the end.</summary>
    private sealed class Run(Task<bool> running, Recorder observer, SteppedLauncher launcher, IReadOnlyList<TestModule> modules, IReadOnlyList<InterpreterMode> modes)
    {
        public Recorder Observer => observer;
        public SteppedLauncher Launcher => launcher;

        public Task<SentRun> RunOf(string module, int attempt = 1) => launcher.RunOf(module, attempt);

        public async Task<Outcome> Finished()
        {
            var cancelled = await running.WaitAsync(TimeSpan.FromSeconds(30));
            foreach (var module in modules)
            {
                foreach (var mode in modes)
                {
                    var finals = observer.Finished.Count(f => f.Final && f.Module == module && f.Mode == mode);
                    Assert.True(finals == 1, $"{module.Name} ({mode}) got {finals} final results");
                }
            }
            // A provisional result always comes before its final one.
            foreach (var provisional in observer.Finished.Where(f => !f.Final))
            {
                var final = observer.Finished.FindIndex(f => f.Final && f.Module == provisional.Module && f.Mode == provisional.Mode);
                Assert.True(final > observer.Finished.IndexOf(provisional), $"{provisional.Module.Name}: provisional after final");
            }
            observer.AssertUnchangedSincePublished();
            return new Outcome(observer, launcher, cancelled);
        }
    }

    private static TestModule Module(string name) => new(name, $"/suite/{name}.py", "/suite", $"{name}.py");

    private static Run Start(string[] modules, RunOptions? options = null, CancellationToken cancellation = default, int jobs = 2,
        bool holdAloneStarts = false, PythonInstallation? python = null, TimeProvider? time = null)
    {
        options ??= new RunOptions { Paths = ["/suite"], Jobs = jobs, MemoryLimitMegabytes = 0 };
        var planned = modules.Select(Module).ToList();
        var plan = new RunPlan(options, python ?? FakePython, "unittest", planned);
        var launcher = new SteppedLauncher { HoldAloneStarts = holdAloneStarts };
        var observer = new Recorder();
        var publisher = new ResultPublisher(observer, journal: null, history: null);
        var orchestrator = new Orchestrator(plan, launcher, publisher, journal: null, Orchestrator.CoresFor(plan.Slots, [0, 1]), time: time);
        var items = plan.Modes.SelectMany(mode => planned.Select(m => new WorkItem(m, mode, WorkPurpose.Main, null))).ToList();
        return new Run(Task.Run(() => orchestrator.RunAsync(items, cancellation)), observer, launcher, planned, plan.Modes);
    }

    [Fact]
    public async Task Two_modules_in_flight_when_the_worker_dies_are_each_rerun_alone_and_only_the_one_that_crashes_alone_is_blamed()
    {
        var run = Start(["test_segv", "test_bystander"]);
        var segv = await run.RunOf("test_segv");
        var bystander = await run.RunOf("test_bystander");
        segv.Created().Collected("test_segv.T.test_boom", "test_segv.T.after").Starts("test_segv.T.test_boom");
        bystander.Created().Collected("test_bystander.T.test_ok");
        segv.Worker.Die(Sigsegv);

        var segvAlone = await run.RunOf("test_segv", 2);
        segvAlone.Created().Collected("test_segv.T.test_boom", "test_segv.T.after").Starts("test_segv.T.test_boom");
        segvAlone.Worker.Die(Sigsegv);
        (await run.RunOf("test_bystander", 2)).PassesWhole("test_bystander.T.test_ok");
        var outcome = await run.Finished();

        var crashed = outcome.Observer.Final("test_segv");
        Assert.Equal(Verdict.Crashed, crashed.Verdict);
        Assert.Equal("SIGSEGV", crashed.Crash!.Signal);
        Assert.Equal("test_segv.T.test_boom", crashed.Crash.Test);
        Assert.Contains("when it ran alone in a fresh worker", crashed.Crash.Reason);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_bystander").Verdict);
        // Each suspect ran a second time, alone in a one-slot worker of its own.
        Assert.Equal(2, outcome.Launcher.Runs("test_bystander"));
        Assert.Single(outcome.Observer.Started, s => s.Module.Name == "test_bystander" && s.Attempt == 2);
        Assert.Equal(2, outcome.Launcher.Workers.Count(w => w.Launch.Slots == 1));
    }

    [Fact]
    public async Task A_crash_that_happens_only_alongside_blames_both_with_what_each_did_alone()
    {
        var run = Start(["test_a", "test_b"]);
        var a = await run.RunOf("test_a");
        var b = await run.RunOf("test_b");
        a.Created().Collected("test_a.T.test_x", "test_a.T.after").Starts("test_a.T.test_x");
        b.Created().Collected("test_b.T.test_y", "test_b.T.after").Starts("test_b.T.test_y");
        a.Worker.Die(Sigsegv);
        (await run.RunOf("test_a", 2)).PassesWhole("test_a.T.test_x", "test_a.T.after");
        (await run.RunOf("test_b", 2)).PassesWhole("test_b.T.test_y", "test_b.T.after");
        var outcome = await run.Finished();

        foreach (var name in new[] { "test_a", "test_b" })
        {
            var result = outcome.Observer.Final(name);
            Assert.Equal(Verdict.Crashed, result.Verdict);
            Assert.Contains("crashed only when run alongside", result.Crash!.Reason);
        }
    }

    [Fact]
    public async Task A_leak_seen_alongside_is_provisional_then_final_from_the_run_alone()
    {
        var run = Start(["test_leaks", "test_innocent"]);
        var leaks = await run.RunOf("test_leaks");
        var innocent = await run.RunOf("test_innocent");
        leaks.Created().Collected("test_leaks.T.test").Passes("test_leaks.T.test").Leaks("environ", contested: true).Ends();
        innocent.Created().Collected("test_innocent.T.test").Passes("test_innocent.T.test").Leaks("cwd", contested: true).Ends();
        (await run.RunOf("test_leaks", 2)).Created().Collected("test_leaks.T.test").Passes("test_leaks.T.test").Leaks("environ").Ends();
        (await run.RunOf("test_innocent", 2)).PassesWhole("test_innocent.T.test");
        var outcome = await run.Finished();

        Assert.Equal(Verdict.Leaked, outcome.Observer.Final("test_leaks").Verdict);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_innocent").Verdict);
        var provisional = outcome.Observer.Finished.Where(f => !f.Final).Select(f => f.Module.Name).Order().ToList();
        Assert.Equal(["test_innocent", "test_leaks"], provisional);
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_innocent: not reproduced alone, so not blamed: cwd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_held_until_the_neighbours_end_that_stays_is_the_modules_without_a_run_alone()
    {
        var run = Start(["test_held", "test_neighbour"]);
        var held = await run.RunOf("test_held");
        var neighbour = await run.RunOf("test_neighbour");
        held.Created().Collected("test_held.T.test").Passes("test_held.T.test").Ends(heldLeak: "environ");
        neighbour.Created().Collected("test_neighbour.T.test").Passes("test_neighbour.T.test").Settles(held, "environ", own: true).Ends();
        var outcome = await run.Finished();

        var result = outcome.Observer.Final("test_held");
        Assert.Equal(Verdict.Leaked, result.Verdict);
        Assert.Equal("test_held changed the environ", Assert.Single(result.Leaks).Detail);
        Assert.DoesNotContain(outcome.Observer.Finished, f => !f.Final);
        Assert.Single(outcome.Launcher.Workers);
    }

    [Fact]
    public async Task A_change_held_for_a_later_look_is_settled_from_the_control_connection_while_the_idle_worker_waits()
    {
        var clock = new ManualClock();
        var run = Start(["test_held"], jobs: 1, time: clock);
        var held = await run.RunOf("test_held");
        held.Created().Collected("test_held.T.test").Passes("test_held.T.test").Ends(heldLeak: "thread");
        // Nothing else to run: the idle worker is kept while it owes the verdict.
        await clock.TimerDueAt(clock.GetUtcNow() + WorkerPool.SettlementPatience);
        held.SettlesInBackground("thread", own: true);
        var outcome = await run.Finished();

        var result = outcome.Observer.Final("test_held");
        Assert.Equal(Verdict.Leaked, result.Verdict);
        Assert.Equal("test_held changed the thread", Assert.Single(result.Leaks).Detail);
        Assert.DoesNotContain(outcome.Observer.Finished, f => !f.Final);
        Assert.Single(outcome.Launcher.Workers);
    }

    [Fact]
    public async Task A_change_held_that_went_away_with_a_neighbour_is_nobodys()
    {
        var run = Start(["test_held", "test_neighbour"]);
        var held = await run.RunOf("test_held");
        var neighbour = await run.RunOf("test_neighbour");
        held.Created().Collected("test_held.T.test").Passes("test_held.T.test").Ends(heldLeak: "fd");
        neighbour.Created().Collected("test_neighbour.T.test").Passes("test_neighbour.T.test").Settles(held, "fd", own: false).Ends();
        var outcome = await run.Finished();

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_held").Verdict);
        Assert.Empty(outcome.Observer.Final("test_held").Leaks);
        Assert.Single(outcome.Launcher.Workers);
    }

    [Fact]
    public async Task A_change_still_held_when_the_worker_ends_is_confirmed_by_a_run_alone()
    {
        var clock = new ManualClock();
        var run = Start(["test_held", "test_neighbour"], time: clock);
        var held = await run.RunOf("test_held");
        var neighbour = await run.RunOf("test_neighbour");
        held.Created().Collected("test_held.T.test").Passes("test_held.T.test").Ends(heldLeak: "umask");
        neighbour.PassesWhole("test_neighbour.T.test");
        // The idle worker is given its patience to send the verdict it owes; it never does.
        await clock.TimerDueAt(clock.GetUtcNow() + WorkerPool.SettlementPatience);
        clock.Advance(WorkerPool.SettlementPatience);
        // Alone, the module reports no change: the held one was not its own.
        (await run.RunOf("test_held", 2)).PassesWhole("test_held.T.test");
        var outcome = await run.Finished();

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_held").Verdict);
        Assert.Contains(outcome.Observer.Finished, f => !f.Final && f.Module.Name == "test_held");
        Assert.Contains(outcome.Launcher.Workers, w => w.Launch.Slots == 1);
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_held: not reproduced alone, so not blamed: umask", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_restarts_run_out_before_a_leak_is_confirmed_the_leak_stands_as_seen_instead_of_becoming_not_run()
    {
        var options = new RunOptions { Paths = ["/suite"], Jobs = 2, MemoryLimitMegabytes = 0, MaxWorkerRestarts = 0 };
        var run = Start(["test_a_leaks", "test_b_crashes", "test_c_later"], options, holdAloneStarts: true);
        var leaks = await run.RunOf("test_a_leaks");
        var crashes = await run.RunOf("test_b_crashes");
        leaks.Created().Collected("test_a_leaks.T.test").Passes("test_a_leaks.T.test").Leaks("umask", contested: true).Ends();
        // Its confirmation waits for its worker while test_b_crashes uses up the restarts.
        await run.Launcher.AloneStartRequested;
        crashes.Created().Collected("test_b_crashes.T.test_boom").Starts("test_b_crashes.T.test_boom");
        crashes.Worker.Die(Sigsegv);
        await run.Observer.WhenFinal("test_b_crashes");
        run.Launcher.ReleaseStarts();
        var outcome = await run.Finished();

        var leaked = outcome.Observer.Final("test_a_leaks");
        Assert.Equal(Verdict.Leaked, leaked.Verdict);
        Assert.Equal("test_a_leaks.T.test", Assert.Single(leaked.Tests).Id);
        Assert.Contains("not confirmed alone", Assert.Single(leaked.Leaks).Detail);
        Assert.DoesNotContain(outcome.Observer.Notices, n => n.Contains("not blamed", StringComparison.Ordinal));
        Assert.Equal(Verdict.Crashed, outcome.Observer.Final("test_b_crashes").Verdict);
        var later = outcome.Observer.Final("test_c_later");
        Assert.Equal("not-run", later.Error!.Kind);
        Assert.Contains("--max-worker-restarts 0", later.Error.Message);
        Assert.Equal(0, outcome.Launcher.Runs("test_c_later"));
    }

    [Fact]
    public async Task Crashes_of_the_refusal_canary_do_not_use_up_the_worker_restarts()
    {
        // CPython 3.12 leaves the process broken when an isolated interpreter refuses some single-phase
        // extensions; the canary's import then aborts the worker. Three such modules, one restart allowed:
        // the modules after them must still run.
        var options = new RunOptions { Paths = ["/suite"], Jobs = 2, MemoryLimitMegabytes = 0, MaxWorkerRestarts = 1 };
        var run = Start(["test_a_refuses", "test_b_refuses", "test_c_refuses", "test_d_later", "test_e_later"], options, python: FakePython312);

        // Both canaries run when the worker dies: each module's refusal is its own, both are blamed at once.
        var a = await run.RunOf("test_a_refuses");
        var b = await run.RunOf("test_b_refuses");
        await RefusesAsync(a);
        await RefusesAsync(b);
        a.Worker.Die(Sigabrt);
        // Beside a module whose interpreter does not exist yet: only the canary's module is blamed, the other runs again.
        var c = await run.RunOf("test_c_refuses");
        await run.RunOf("test_d_later");
        await RefusesAsync(c);
        c.Worker.Die(Sigabrt);
        (await run.RunOf("test_d_later", 2)).PassesWhole("test_d_later.T.test");
        (await run.RunOf("test_e_later")).PassesWhole("test_e_later.T.test");
        var outcome = await run.Finished();

        foreach (var module in new[] { "test_a_refuses", "test_b_refuses", "test_c_refuses" })
        {
            var crashed = outcome.Observer.Final(module);
            Assert.Equal(Verdict.Crashed, crashed.Verdict);
            Assert.Contains("imported _testcapi again", crashed.Crash!.Reason);
            Assert.Equal(1, outcome.Launcher.Runs(module));
        }
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_d_later").Verdict);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_e_later").Verdict);
        Assert.Contains(outcome.Observer.Notices, n => n.Contains("not counted against --max-worker-restarts", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Observer.Notices, n => n.Contains("restarted", StringComparison.Ordinal));
    }

    /// <summary>The module passes, its interpreter refused the extension, and the orchestrator answers with the refusal canary.</summary>
    private static async Task RefusesAsync(SentRun run, string extension = "_testcapi")
    {
        var test = $"{run.Module}.T.test";
        run.Created().Collected(test).Passes(test).Refuses(extension).Ends();
        await run.Worker.CanarySent(run.Seq);
    }

    private const string TestA = "test_slow.T.test_a";
    private const string TestB = "test_slow.T.test_b";
    private const string TestC = "test_slow.T.test_c";

    /// <summary>A run of test_slow with --test-timeout 5 whose first test has started; the clock is at that test's start.</summary>
    private static async Task<(Run Run, SentRun Slow)> FirstTestStartedAsync(TimeProvider? clock, params string[] tests)
    {
        var options = new RunOptions { Paths = ["/suite"], Jobs = 1, MemoryLimitMegabytes = 0, TestTimeoutSeconds = 5 };
        var run = Start(["test_slow"], options, jobs: 1, time: clock);
        var slow = await run.RunOf("test_slow");
        slow.Created().Collected(tests).Starts(tests[0]);
        await run.Observer.WhenTestStarted(tests[0]);
        return (run, slow);
    }

    /// <summary>The first test's limit passes and the backstop stops the worker, which writes <paramref name="runsOn"/>'s events before the kill lands.</summary>
    private static async Task BackstopStopsAsync(ManualClock clock, SentRun slow, Action runsOn)
    {
        var due = TimeSpan.FromSeconds(5) + Deadlines.Backstop;
        await clock.TimerDueAt(clock.GetUtcNow() + due);
        slow.Worker.BeforeKilled = runsOn;
        clock.Advance(due);
    }

    /// <summary>test_slow is timed-out, and the test blamed is test_a, the one running when its deadline passed.</summary>
    private static ModuleResult TimedOutInTestA(Outcome outcome)
    {
        var result = outcome.Observer.Final("test_slow");
        Assert.Equal(Verdict.TimedOut, result.Verdict);
        Assert.Equal(TestA, result.Timeout!.Test);
        Assert.Equal(TestOutcome.TimedOut, result.Tests.Single(t => t.Id == TestA).Outcome);
        Assert.Single(result.Tests, t => t.Outcome == TestOutcome.TimedOut);
        return result;
    }

    [Fact]
    public async Task A_test_that_ends_while_its_worker_is_being_stopped_is_the_one_timed_out_not_the_test_after_it()
    {
        // The backstop's deadline passes while test_a runs (the GIL held in C). The worker runs on
        // while faulthandler takes the stacks: test_a's end and test_b's start arrive before the kill.
        var clock = new ManualClock();
        var (run, slow) = await FirstTestStartedAsync(clock, TestA, TestB, TestC);
        await BackstopStopsAsync(clock, slow, () => slow.EndsTest(TestA, "passed", 7000).Starts(TestB));
        var result = TimedOutInTestA(await run.Finished());

        var overran = result.Tests.Single(t => t.Id == TestA);
        Assert.Equal(7000, overran.DurationMs);
        Assert.Equal($"timed out: the test {TestA} ran longer than 5 s (it ended while its worker was being stopped, passed after 7.0 s)", overran.Message);
        // test_b started after the deadline and was cut short by the stop: not blamed.
        Assert.Equal(TestOutcome.NotRun, result.Tests.Single(t => t.Id == TestB).Outcome);
        Assert.Equal(TestOutcome.NotRun, result.Tests.Single(t => t.Id == TestC).Outcome);
    }

    [Fact]
    public async Task A_module_that_finishes_while_its_worker_is_being_stopped_for_a_timeout_is_timed_out_all_the_same()
    {
        // The same overrun, with the module quick enough to end before the kill: the verdict was
        // decided at the deadline, so how far the worker got before it was stopped changes nothing.
        var clock = new ManualClock();
        var (run, slow) = await FirstTestStartedAsync(clock, TestA, TestB);
        await BackstopStopsAsync(clock, slow, () => slow.EndsTest(TestA, "passed", 7000).Passes(TestB).Ends());
        var result = TimedOutInTestA(await run.Finished());

        Assert.Equal(TestOutcome.Passed, result.Tests.Single(t => t.Id == TestB).Outcome);
    }

    [Fact]
    public async Task A_test_the_watchdog_reported_is_the_one_timed_out_even_when_the_next_test_starts_before_the_kill()
    {
        var (run, slow) = await FirstTestStartedAsync(clock: null, TestA, TestB);
        slow.Worker.BeforeKilled = () => slow.EndsTest(TestA, "passed", 5100).Starts(TestB);
        slow.TimesOut("test", 5, TestA);
        var result = TimedOutInTestA(await run.Finished());

        Assert.Equal(TestOutcome.NotRun, result.Tests.Single(t => t.Id == TestB).Outcome);
    }

    [Fact]
    public async Task A_refusal_canary_that_never_ends_is_stopped_at_its_deadline_and_blames_its_module()
    {
        var clock = new ManualClock();
        var run = Start(["test_hangs_canary", "test_after"], python: FakePython312, jobs: 1, time: clock);
        var hangs = await run.RunOf("test_hangs_canary");
        await RefusesAsync(hangs);
        await clock.TimerSet();
        clock.Advance(RefusalCanary.Limit + TimeSpan.FromSeconds(1));
        (await run.RunOf("test_after")).PassesWhole("test_after.T.test");
        var outcome = await run.Finished();

        var crashed = outcome.Observer.Final("test_hangs_canary");
        Assert.Equal(Verdict.Crashed, crashed.Verdict);
        Assert.Contains($"did not finish within {RefusalCanary.Limit.TotalSeconds:0} s", crashed.Crash!.Reason);
        Assert.Contains("imported _testcapi again", crashed.Crash.Reason);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_after").Verdict);
    }

    [Fact]
    public async Task A_refusal_canary_waits_for_the_neighbours_tests_so_its_crash_costs_no_run_again()
    {
        // CPython 3.12: the canary's crash used to take down the neighbour in the middle of its tests,
        // and both were run again alone; now the canary waits until the neighbour has finished.
        var run = Start(["test_a_refuses", "test_b_long", "test_c_refuses"], python: FakePython312);
        var a = await run.RunOf("test_a_refuses");
        var b = await run.RunOf("test_b_long");
        a.Created().Collected("test_a_refuses.T.test").Passes("test_a_refuses.T.test").Refuses("_datetime").Ends();
        var canary = a.Worker.CanarySent(a.Seq);
        b.Created().Collected("test_b_long.T.test").Passes("test_b_long.T.test");
        await run.Observer.WhenTestStarted("test_b_long.T.test");
        Assert.False(canary.IsCompleted, "the canary went while a neighbour still ran its tests");
        b.Ends();
        await canary;
        a.Worker.Die(Sigabrt);
        var c = await run.RunOf("test_c_refuses");
        await RefusesAsync(c, "_datetime");
        c.Worker.Die(Sigabrt);
        var outcome = await run.Finished();

        foreach (var module in new[] { "test_a_refuses", "test_c_refuses" })
        {
            var crashed = outcome.Observer.Final(module);
            Assert.Equal(Verdict.Crashed, crashed.Verdict);
            Assert.Contains("imported _datetime again", crashed.Crash!.Reason);
            Assert.DoesNotContain("alone", crashed.Crash.Reason);
            Assert.Equal(TestOutcome.Passed, Assert.Single(crashed.Tests).Outcome);
            Assert.True(KnownCauses.PassedThenHitRefusalDefect(crashed));
        }
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_b_long").Verdict);
        // Every module ran once: nobody was cut short, nobody re-run alone.
        Assert.All(new[] { "test_a_refuses", "test_b_long", "test_c_refuses" }, module => Assert.Equal(1, outcome.Launcher.Runs(module)));
    }

    [Fact]
    public async Task A_canary_not_expected_to_crash_goes_at_once_and_the_worker_carries_on()
    {
        // readline's refusal (doctest -> pdb) rarely breaks the process: waiting for neighbours and a
        // fresh worker for every doctest module would cost more than the rare crash.
        var run = Start(["test_a_doctests", "test_b_long", "test_c_next"], python: FakePython312);
        var doctests = await run.RunOf("test_a_doctests");
        var longer = await run.RunOf("test_b_long");
        longer.Created().Collected("test_b_long.T.test");
        await RefusesAsync(doctests, "readline");
        doctests.CanaryDone();
        (await run.RunOf("test_c_next")).PassesWhole("test_c_next.T.test");
        longer.Passes("test_b_long.T.test").Ends();
        var outcome = await run.Finished();

        Assert.All(new[] { "test_a_doctests", "test_b_long", "test_c_next" }, name => Assert.Equal(Verdict.Passed, outcome.Observer.Final(name).Verdict));
        var worker = Assert.Single(outcome.Launcher.Workers);
        Assert.Contains(worker.Received, message => message is Subinterp.Runtime.Protocol.CanaryMessage);
        Assert.Equal(3, worker.Received.Count(message => message is Subinterp.Runtime.Protocol.RunMessage));
    }

    [Fact]
    public async Task A_failing_driver_hook_is_a_notice_naming_the_hook_and_the_module()
    {
        var run = Start(["test_hooked"], jobs: 1);
        (await run.RunOf("test_hooked")).Created().Collected("test_hooked.T.test").HookFails("audit").Passes("test_hooked.T.test").Ends();
        var outcome = await run.Finished();

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_hooked").Verdict);
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_hooked: the driver's audit hook failed", StringComparison.Ordinal) && n.Contains("RuntimeError: broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_module_whose_worker_died_before_its_interpreter_existed_runs_again_and_is_reported_once()
    {
        var run = Start(["test_unlucky"], jobs: 1);
        (await run.RunOf("test_unlucky")).Worker.Die(Sigkill);
        (await run.RunOf("test_unlucky", 2)).PassesWhole("test_unlucky.T.test");
        var outcome = await run.Finished();

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_unlucky").Verdict);
        Assert.Contains(outcome.Observer.Notices, n => n.Contains("re-queued", StringComparison.Ordinal));
        Assert.Equal(2, outcome.Launcher.Runs("test_unlucky"));
    }

    [Fact]
    public async Task Cancelling_kills_the_workers_at_once_and_keeps_what_finished()
    {
        using var cancel = new CancellationTokenSource();
        var run = Start(["test_done", "test_hangs", "test_queued"], cancellation: cancel.Token, jobs: 2);
        var done = await run.RunOf("test_done");
        var hangs = await run.RunOf("test_hangs");
        done.PassesWhole("test_done.T.test");
        hangs.Created().Collected("test_hangs.T.test_first", "test_hangs.T.test_forever").Passes("test_hangs.T.test_first").Starts("test_hangs.T.test_forever");
        await run.Observer.WhenTestStarted("test_hangs.T.test_forever");
        cancel.Cancel();
        var outcome = await run.Finished();

        Assert.True(outcome.Cancelled);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_done").Verdict);
        var hung = outcome.Observer.Final("test_hangs");
        Assert.Equal(TestOutcome.Passed, hung.Tests.Single(t => t.Id == "test_hangs.T.test_first").Outcome);
        Assert.Equal(TestOutcome.NotRun, hung.Tests.Single(t => t.Id == "test_hangs.T.test_forever").Outcome);
        Assert.Equal("not-run", outcome.Observer.Final("test_queued").Error!.Kind);
        Assert.True(outcome.Launcher.Workers.All(w => w.HasExited));
    }

    [Fact]
    public async Task Cancelling_before_a_contested_change_is_confirmed_leaves_it_unjudged_and_says_so()
    {
        using var cancel = new CancellationTokenSource();
        var run = Start(["test_a_contested", "test_b_hangs"], cancellation: cancel.Token, jobs: 2, holdAloneStarts: true);
        // Both modules see the change appear: only a run alone could tell whose it is, and the run is cancelled first.
        var contested = await run.RunOf("test_a_contested");
        var hangs = await run.RunOf("test_b_hangs");
        contested.Created().Collected("test_a_contested.T.test").Passes("test_a_contested.T.test").Leaks("cwd", contested: true).Ends();
        hangs.Created().Collected("test_b_hangs.T.test_first", "test_b_hangs.T.test_forever").Passes("test_b_hangs.T.test_first").Starts("test_b_hangs.T.test_forever");
        await run.Launcher.AloneStartRequested;
        cancel.Cancel();
        run.Launcher.ReleaseStarts();
        var outcome = await run.Finished();

        Assert.True(outcome.Cancelled);
        var result = outcome.Observer.Final("test_a_contested");
        Assert.Equal(Verdict.Passed, result.Verdict);
        Assert.Empty(result.Leaks);
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_a_contested: left unjudged, the run was cancelled before it could run alone", StringComparison.Ordinal)
            && n.Contains("cwd: test_a_contested changed the cwd", StringComparison.Ordinal));
    }

    private const string ClosedUnderIt = "OSError(9, 'Bad file descriptor')";

    [Fact]
    public async Task A_driver_that_failed_to_start_beside_a_neighbour_runs_the_module_again_alone_and_only_that_run_is_reported()
    {
        var run = Start(["test_kqueue", "test_io"]);
        var kqueue = await run.RunOf("test_kqueue");
        var io = await run.RunOf("test_io");
        kqueue.DriverFailsToStart(ClosedUnderIt);
        io.PassesWhole("test_io.T.test");
        (await run.RunOf("test_kqueue", 2)).PassesWhole("test_kqueue.T.test");
        var outcome = await run.Finished();

        var result = outcome.Observer.Final("test_kqueue");
        Assert.Equal(Verdict.Passed, result.Verdict);
        Assert.Null(result.Error);
        Assert.DoesNotContain(outcome.Observer.Finished, f => !f.Final);
        Assert.Equal(2, outcome.Launcher.Runs("test_kqueue"));
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_kqueue: its driver failed to start (the driver failed to start: OSError(9", StringComparison.Ordinal)
            && n.Contains("runs again alone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_driver_that_fails_to_start_again_alone_is_the_modules_error_and_is_not_tried_a_third_time()
    {
        var run = Start(["test_broken", "test_other"]);
        (await run.RunOf("test_broken")).DriverFailsToStart(ClosedUnderIt);
        (await run.RunOf("test_other")).PassesWhole("test_other.T.test");
        (await run.RunOf("test_broken", 2)).DriverFailsToStart("ImportError('no subinterp_driver')");
        var outcome = await run.Finished();

        var result = outcome.Observer.Final("test_broken");
        Assert.Equal(Verdict.Error, result.Verdict);
        Assert.Equal("driver-start", result.Error!.Kind);
        Assert.Contains("ImportError", result.Error.Message);
        Assert.Equal(2, outcome.Launcher.Runs("test_broken"));
    }

    [Fact]
    public async Task A_driver_that_failed_to_start_keeps_its_error_when_the_run_is_cancelled_before_it_can_run_again()
    {
        using var cancel = new CancellationTokenSource();
        var run = Start(["test_a_unstarted", "test_b_hangs"], cancellation: cancel.Token, jobs: 2, holdAloneStarts: true);
        var unstarted = await run.RunOf("test_a_unstarted");
        var hangs = await run.RunOf("test_b_hangs");
        unstarted.DriverFailsToStart(ClosedUnderIt);
        hangs.Created().Collected("test_b_hangs.T.test_forever").Starts("test_b_hangs.T.test_forever");
        await run.Launcher.AloneStartRequested;
        cancel.Cancel();
        run.Launcher.ReleaseStarts();
        var outcome = await run.Finished();

        Assert.True(outcome.Cancelled);
        var result = outcome.Observer.Final("test_a_unstarted");
        Assert.Equal("driver-start", result.Error!.Kind);
        Assert.Contains("Bad file descriptor", result.Error.Message);
        Assert.Contains("it could not be run again alone", result.Error.Message);
        Assert.Contains("test_b_hangs", result.Error.Message);
    }

    [Fact]
    public async Task A_test_that_failed_beside_a_neighbour_and_passes_alone_ends_passed_saying_how_it_failed()
    {
        var run = Start(["test_os", "test_io"]);
        var os = await run.RunOf("test_os");
        var io = await run.RunOf("test_io");
        os.Created().Collected("test_os.W.test_fd_leak", "test_os.W.test_walk", "test_os.W.test_fork")
            .Fails("AssertionError: 11 != 9", "test_os.W.test_fd_leak").Passes("test_os.W.test_walk");
        os.Starts("test_os.W.test_fork").EndsTest("test_os.W.test_fork", "error", 1);
        os.Ends();
        io.PassesWhole("test_io.T.test");
        var again = await run.RunOf("test_os", 2);
        Assert.Equal(["test_os.W.test_fd_leak"], again.Select); // only what failed an assertion: errors fail alone too
        Assert.Equal(1, again.Worker.Slots);
        again.PassesWhole("test_os.W.test_fd_leak");
        var outcome = await run.Finished();

        var result = outcome.Observer.Final("test_os");
        var leak = Assert.Single(result.Tests, test => test.Id == "test_os.W.test_fd_leak");
        Assert.Equal(TestOutcome.Passed, leak.Outcome);
        Assert.Contains("failed while test_io ran in the same worker (AssertionError: 11 != 9); passed when run again alone", leak.Message);
        Assert.Equal(TestOutcome.Error, Assert.Single(result.Tests, test => test.Id == "test_os.W.test_fork").Outcome);
        Assert.Equal(3, result.Tests.Count);
        Assert.Equal(Verdict.Failed, result.Verdict); // test_fork's error
        Assert.Contains(outcome.Observer.Finished, f => !f.Final && f.Module.Name == "test_os");
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_os: test_os.W.test_fd_leak failed only beside test_io", StringComparison.Ordinal));
        Assert.Equal(1, outcome.Launcher.Runs("test_io"));
    }

    [Fact]
    public async Task A_test_that_fails_alone_too_stands_as_it_first_failed()
    {
        var run = Start(["test_broken", "test_other"]);
        (await run.RunOf("test_broken")).Created().Collected("test_broken.T.test").Fails("AssertionError: 1 != 2", "test_broken.T.test").Ends();
        (await run.RunOf("test_other")).PassesWhole("test_other.T.test");
        (await run.RunOf("test_broken", 2)).Created().Collected("test_broken.T.test").Fails("AssertionError: 1 != 3", "test_broken.T.test").Ends();
        var outcome = await run.Finished();

        var result = outcome.Observer.Final("test_broken");
        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal("AssertionError: 1 != 2", Assert.Single(result.Tests).Message);
        Assert.DoesNotContain(outcome.Observer.Notices, n => n.StartsWith("test_broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_pytest_only_the_tests_that_failed_an_assertion_run_again_alone()
    {
        var run = Start(["test_pkg", "test_other"]);
        var pkg = await run.RunOf("test_pkg");
        (await run.RunOf("test_other")).PassesWhole("test_other.test");
        pkg.Created().Collected("test_pkg.test_version", "test_pkg.test_fd")
            .Raises("importlib.metadata.PackageNotFoundError", "No package metadata was found for pkg", "test_pkg.test_version")
            .Fails("assert 11 == 9", "test_pkg.test_fd").Ends();
        var again = await run.RunOf("test_pkg", 2);
        Assert.Equal(["test_pkg.test_fd"], again.Select);
        again.PassesWhole("test_pkg.test_fd");
        var outcome = await run.Finished();

        var result = outcome.Observer.Final("test_pkg");
        Assert.Equal(TestOutcome.Failed, Assert.Single(result.Tests, test => test.Id == "test_pkg.test_version").Outcome);
        Assert.Equal(TestOutcome.Passed, Assert.Single(result.Tests, test => test.Id == "test_pkg.test_fd").Outcome);
        Assert.Equal(2, outcome.Launcher.Runs("test_pkg"));
    }

    [Fact]
    public async Task A_module_whose_tests_failed_only_by_raising_is_not_run_again()
    {
        var run = Start(["test_pkg", "test_other"]);
        var pkg = await run.RunOf("test_pkg");
        (await run.RunOf("test_other")).PassesWhole("test_other.test");
        pkg.Created().Collected("test_pkg.test_version")
            .Raises("importlib.metadata.PackageNotFoundError", "No package metadata was found for pkg", "test_pkg.test_version").Ends();
        var outcome = await run.Finished();

        Assert.Equal(Verdict.Failed, outcome.Observer.Final("test_pkg").Verdict);
        Assert.Equal(1, outcome.Launcher.Runs("test_pkg"));
        Assert.Equal("importlib.metadata.PackageNotFoundError", Assert.Single(outcome.Observer.Final("test_pkg").Tests).Raised);
    }

    [Fact]
    public async Task A_module_that_failed_alone_is_not_run_again()
    {
        var run = Start(["test_broken"], jobs: 1);
        (await run.RunOf("test_broken")).Created().Collected("test_broken.T.test").Fails("AssertionError: 1 != 2", "test_broken.T.test").Ends();
        var outcome = await run.Finished();

        Assert.Equal(Verdict.Failed, outcome.Observer.Final("test_broken").Verdict);
        Assert.Equal(1, outcome.Launcher.Runs("test_broken"));
    }

    [Fact]
    public async Task Failed_tests_keep_their_failure_when_the_run_is_cancelled_before_they_can_run_again_alone()
    {
        using var cancel = new CancellationTokenSource();
        var run = Start(["test_a_fails", "test_b_hangs"], cancellation: cancel.Token, jobs: 2, holdAloneStarts: true);
        var fails = await run.RunOf("test_a_fails");
        var hangs = await run.RunOf("test_b_hangs");
        fails.Created().Collected("test_a_fails.T.test").Fails("AssertionError: 11 != 9", "test_a_fails.T.test").Ends();
        hangs.Created().Collected("test_b_hangs.T.test_forever").Starts("test_b_hangs.T.test_forever");
        await run.Launcher.AloneStartRequested;
        cancel.Cancel();
        run.Launcher.ReleaseStarts();
        var outcome = await run.Finished();

        Assert.True(outcome.Cancelled);
        var result = outcome.Observer.Final("test_a_fails");
        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal("AssertionError: 11 != 9", Assert.Single(result.Tests).Message);
    }

    [Fact]
    public async Task Both_modes_give_each_module_one_final_result_per_mode_from_workers_of_that_mode()
    {
        var options = new RunOptions { Paths = ["/suite"], Jobs = 2, MemoryLimitMegabytes = 0, BothModes = true };
        var run = Start(["test_x", "test_y"], options);
        foreach (var attempt in new[] { 1, 2 })
        {
            (await run.RunOf("test_x", attempt)).PassesWhole("test_x.T.test");
            (await run.RunOf("test_y", attempt)).PassesWhole("test_y.T.test");
        }
        var outcome = await run.Finished();

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_x", InterpreterMode.Legacy).Verdict);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_y", InterpreterMode.Isolated).Verdict);
        foreach (var worker in outcome.Launcher.Workers)
        {
            Assert.All(worker.Received.OfType<Subinterp.Runtime.Protocol.RunMessage>(), sent => Assert.Equal(worker.Launch.Mode, sent.Driver.Mode));
        }
        Assert.Equal([InterpreterMode.Isolated, InterpreterMode.Legacy], outcome.Launcher.Workers.Select(w => w.Launch.Mode).Distinct());
    }

    [Fact]
    public async Task A_crash_while_the_next_interpreter_is_created_suspects_the_slots_previous_module_without_publishing_it_twice()
    {
        // test_a ends, then the worker dies creating test_b's interpreter on the same slot.
        var run = Start(["test_a", "test_b"], jobs: 1);
        (await run.RunOf("test_a")).PassesWhole("test_a.T.test");
        (await run.RunOf("test_b")).Worker.Die(Sigkill);
        (await run.RunOf("test_a", 2)).PassesWhole("test_a.T.test");
        (await run.RunOf("test_b", 2)).PassesWhole("test_b.T.test");
        var outcome = await run.Finished();

        var previous = outcome.Observer.Final("test_a");
        Assert.Equal(Verdict.Crashed, previous.Verdict);
        Assert.Contains("when followed by test_b", previous.Crash!.Reason);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_b").Verdict);
    }
}
