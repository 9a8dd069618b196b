using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runtime.Tests.Orchestration;

/// <summary>
/// The orchestrator driven by scripted workers: crashes with several modules in flight, crashes
/// during leak confirmation, the restart budget running out, cancellation, both modes. What the
/// observer and the results get is checked, above all that every module gets exactly one final
/// result, and that a result shown early is marked provisional.
/// </summary>
public sealed class OrchestratorScriptTests
{
    private static readonly PythonInstallation FakePython = new(new Version(3, 13, 0), "3.13.0", "/nonexistent/python3.13", "/nonexistent/libpython3.13.so",
        "/nonexistent", "/nonexistent", Shared: true, FreeThreaded: false, "test");

    private sealed class Recorder : ISessionObserver
    {
        public List<ModuleStart> Started { get; } = [];
        public List<ModuleFinish> Finished { get; } = [];
        public List<string> Notices { get; } = [];

        public void ModuleStarted(ModuleStart started) => Started.Add(started);
        public void ModuleFinished(ModuleFinish finished) => Finished.Add(finished);
        public void Notice(string message) => Notices.Add(message);

        public ModuleResult Final(string module, InterpreterMode mode = InterpreterMode.Isolated) =>
            Finished.Single(f => f.Final && f.Module.Name == module && f.Mode == mode).Result;
    }

    private sealed record Outcome(Recorder Observer, ScriptedLauncher Launcher, bool Cancelled, IReadOnlyDictionary<string, ModuleResult> Results);

    private static TestModule Module(string name) => new(name, $"/suite/{name}.py", "/suite", $"{name}.py");

    private static async Task<Outcome> RunAsync(Dictionary<string, ModuleScript> scripts, RunOptions? options = null, CancellationToken cancellation = default,
        int jobs = 2, TimeSpan? aloneStartDelay = null, PythonInstallation? python = null)
    {
        options ??= new RunOptions { Paths = ["/suite"], Jobs = jobs, MemoryLimitMegabytes = 0 };
        var modules = scripts.Keys.Select(Module).ToList();
        var plan = new RunPlan(options, python ?? FakePython, "unittest", modules);
        var launcher = new ScriptedLauncher(scripts) { AloneStartDelay = aloneStartDelay ?? TimeSpan.Zero };
        var observer = new Recorder();
        var publisher = new ResultPublisher(observer, journal: null, history: null);
        var orchestrator = new Orchestrator(plan, launcher, publisher, journal: null, Orchestrator.CoresFor(plan.Slots, [0, 1]));
        var items = plan.Modes.SelectMany(mode => modules.Select(m => new WorkItem(m, mode, WorkPurpose.Main, null)));
        var cancelled = await orchestrator.RunAsync(items, cancellation).WaitAsync(TimeSpan.FromSeconds(30));
        AssertExactlyOneFinalEach(observer, modules, plan.Modes);
        return new Outcome(observer, launcher, cancelled, publisher.Final);
    }

    private static void AssertExactlyOneFinalEach(Recorder observer, IReadOnlyList<TestModule> modules, IReadOnlyList<InterpreterMode> modes)
    {
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
    }

    [Fact]
    public async Task Two_modules_in_flight_when_the_worker_dies_are_each_rerun_alone_and_only_the_one_that_crashes_alone_is_blamed()
    {
        var outcome = await RunAsync(new()
        {
            ["test_segv"] = new ModuleScript.Crashes("test_segv.T.test_boom"),
            ["test_bystander"] = new ModuleScript.Passes(["test_bystander.T.test_ok"]) { Milliseconds = 400 },
        });

        var segv = outcome.Observer.Final("test_segv");
        Assert.Equal(Verdict.Crashed, segv.Verdict);
        Assert.Equal("SIGSEGV", segv.Crash!.Signal);
        Assert.Equal("test_segv.T.test_boom", segv.Crash.Test);
        Assert.Contains("when it ran alone in a fresh worker", segv.Crash.Reason);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_bystander").Verdict);
        // Each suspect ran a second time, alone in a one-slot worker of its own.
        Assert.Equal(2, outcome.Launcher.Runs["test_bystander"]);
        Assert.Equal(2, outcome.Observer.Started.Single(s => s.Module.Name == "test_bystander" && s.Attempt == 2).Attempt);
        Assert.Equal(2, outcome.Launcher.Launches.Count(l => l.Launch.Slots == 1));
    }

    [Fact]
    public async Task A_crash_that_happens_only_alongside_blames_both_with_what_each_did_alone()
    {
        var outcome = await RunAsync(new()
        {
            ["test_a"] = new ModuleScript.Crashes("test_a.T.test_x", OnlyAlongside: true),
            ["test_b"] = new ModuleScript.Crashes("test_b.T.test_y", OnlyAlongside: true),
        });

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
        var outcome = await RunAsync(new()
        {
            ["test_leaks"] = new ModuleScript.Passes(["test_leaks.T.test"], LeakAlways: "environ"),
            ["test_innocent"] = new ModuleScript.Passes(["test_innocent.T.test"], LeakAlongside: "cwd"),
        });

        Assert.Equal(Verdict.Leaked, outcome.Observer.Final("test_leaks").Verdict);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_innocent").Verdict);
        var provisional = outcome.Observer.Finished.Where(f => !f.Final).Select(f => f.Module.Name).Order().ToList();
        Assert.Equal(["test_innocent", "test_leaks"], provisional);
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_innocent: not reproduced alone, so not blamed: cwd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_held_until_the_neighbours_end_that_stays_is_the_modules_without_a_run_alone()
    {
        var outcome = await RunAsync(new()
        {
            ["test_held"] = new ModuleScript.Passes(["test_held.T.test"]) { HeldLeak = "environ", Settlement = "own" },
            ["test_neighbour"] = new ModuleScript.Passes(["test_neighbour.T.test"]) { Milliseconds = 120 },
        });

        var held = outcome.Observer.Final("test_held");
        Assert.Equal(Verdict.Leaked, held.Verdict);
        Assert.Equal("test_held changed the environ", Assert.Single(held.Leaks).Detail);
        Assert.DoesNotContain(outcome.Observer.Finished, f => !f.Final);
        Assert.Single(outcome.Launcher.Launches);
    }

    [Fact]
    public async Task A_change_held_that_went_away_with_a_neighbour_is_nobodys()
    {
        var outcome = await RunAsync(new()
        {
            ["test_held"] = new ModuleScript.Passes(["test_held.T.test"]) { HeldLeak = "fd", Settlement = "gone" },
            ["test_neighbour"] = new ModuleScript.Passes(["test_neighbour.T.test"]) { Milliseconds = 120 },
        });

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_held").Verdict);
        Assert.Empty(outcome.Observer.Final("test_held").Leaks);
        Assert.Single(outcome.Launcher.Launches);
    }

    [Fact]
    public async Task A_change_still_held_when_the_worker_ends_is_confirmed_by_a_run_alone()
    {
        var outcome = await RunAsync(new()
        {
            ["test_held"] = new ModuleScript.Passes(["test_held.T.test"]) { HeldLeak = "umask", Settlement = null },
            ["test_neighbour"] = new ModuleScript.Passes(["test_neighbour.T.test"]),
        });

        // Alone, the scripted module reports no change: the held one was not its own.
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_held").Verdict);
        Assert.Contains(outcome.Observer.Finished, f => !f.Final && f.Module.Name == "test_held");
        Assert.Contains(outcome.Launcher.Launches, l => l.Launch.Slots == 1);
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_held: not reproduced alone, so not blamed: umask", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_restarts_run_out_before_a_leak_is_confirmed_the_leak_stands_as_seen_instead_of_becoming_not_run()
    {
        var options = new RunOptions { Paths = ["/suite"], Jobs = 2, MemoryLimitMegabytes = 0, MaxWorkerRestarts = 0 };
        var outcome = await RunAsync(new()
        {
            // Ends first; its confirmation waits for its worker while test_b_crashes uses up the restarts.
            ["test_a_leaks"] = new ModuleScript.Passes(["test_a_leaks.T.test"], LeakAlways: "umask"),
            ["test_b_crashes"] = new ModuleScript.Crashes("test_b_crashes.T.test_boom") { Milliseconds = 150 },
            ["test_c_later"] = new ModuleScript.Passes(["test_c_later.T.test"]),
        }, options, aloneStartDelay: TimeSpan.FromMilliseconds(600));

        var leaked = outcome.Observer.Final("test_a_leaks");
        Assert.Equal(Verdict.Leaked, leaked.Verdict);
        Assert.Equal("test_a_leaks.T.test", Assert.Single(leaked.Tests).Id);
        Assert.Contains("not confirmed alone", Assert.Single(leaked.Leaks).Detail);
        Assert.DoesNotContain(outcome.Observer.Notices, n => n.Contains("not blamed", StringComparison.Ordinal));
        Assert.Equal(Verdict.Crashed, outcome.Observer.Final("test_b_crashes").Verdict);
        var later = outcome.Observer.Final("test_c_later");
        Assert.Equal("not-run", later.Error!.Kind);
        Assert.Contains("--max-worker-restarts 0", later.Error.Message);
    }

    [Fact]
    public async Task Crashes_of_the_refusal_canary_do_not_use_up_the_worker_restarts()
    {
        // CPython 3.12 leaves the process broken when an isolated interpreter refuses some single-phase
        // extensions; the canary's import then aborts the worker. Three such modules, one restart allowed:
        // the modules after them must still run.
        var python312 = FakePython with { Version = new Version(3, 12, 1), VersionText = "3.12.1" };
        var options = new RunOptions { Paths = ["/suite"], Jobs = 2, MemoryLimitMegabytes = 0, MaxWorkerRestarts = 1 };
        var outcome = await RunAsync(new()
        {
            ["test_a_refuses"] = new ModuleScript.RefusesAndBreaksProcess(["test_a_refuses.T.test"], "_testcapi"),
            ["test_b_refuses"] = new ModuleScript.RefusesAndBreaksProcess(["test_b_refuses.T.test"], "_testcapi") { Milliseconds = 60 },
            ["test_c_refuses"] = new ModuleScript.RefusesAndBreaksProcess(["test_c_refuses.T.test"], "_testcapi"),
            ["test_d_later"] = new ModuleScript.Passes(["test_d_later.T.test"]),
            ["test_e_later"] = new ModuleScript.Passes(["test_e_later.T.test"]),
        }, options, python: python312);

        foreach (var module in new[] { "test_a_refuses", "test_b_refuses", "test_c_refuses" })
        {
            var crashed = outcome.Observer.Final(module);
            Assert.Equal(Verdict.Crashed, crashed.Verdict);
            Assert.Contains("imported _testcapi again", crashed.Crash!.Reason);
        }
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_d_later").Verdict);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_e_later").Verdict);
        Assert.Contains(outcome.Observer.Notices, n => n.Contains("not counted against --max-worker-restarts", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Observer.Notices, n => n.Contains("restarted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_canary_waits_for_the_neighbours_tests_so_its_crash_costs_no_run_again()
    {
        // CPython 3.12: the canary's crash used to take down the neighbour in the middle of its tests,
        // and both were run again alone; now the canary waits until the neighbour has finished.
        var python312 = FakePython with { Version = new Version(3, 12, 1), VersionText = "3.12.1" };
        var outcome = await RunAsync(new()
        {
            ["test_a_refuses"] = new ModuleScript.RefusesAndBreaksProcess(["test_a_refuses.T.test"], "_datetime"),
            ["test_b_long"] = new ModuleScript.Passes(["test_b_long.T.test"]) { Milliseconds = 400 },
            ["test_c_refuses"] = new ModuleScript.RefusesAndBreaksProcess(["test_c_refuses.T.test"], "_datetime") { Milliseconds = 200 },
        }, python: python312);

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
        Assert.All(outcome.Launcher.Runs.Values, runs => Assert.Equal(1, runs));
    }

    [Fact]
    public async Task A_canary_not_expected_to_crash_goes_at_once_and_the_worker_carries_on()
    {
        // readline's refusal (doctest -> pdb) rarely breaks the process: waiting for neighbours and a
        // fresh worker for every doctest module would cost more than the rare crash.
        var python312 = FakePython with { Version = new Version(3, 12, 1), VersionText = "3.12.1" };
        var outcome = await RunAsync(new()
        {
            ["test_a_doctests"] = new ModuleScript.Passes(["test_a_doctests.T.test"]) { RefusesHarmlessly = "readline" },
            ["test_b_long"] = new ModuleScript.Passes(["test_b_long.T.test"]) { Milliseconds = 300 },
            ["test_c_next"] = new ModuleScript.Passes(["test_c_next.T.test"]),
        }, python: python312);

        Assert.All(new[] { "test_a_doctests", "test_b_long", "test_c_next" }, name => Assert.Equal(Verdict.Passed, outcome.Observer.Final(name).Verdict));
        var worker = Assert.Single(outcome.Launcher.Launches).Worker;
        Assert.Contains(worker.Received, message => message.Type == "canary");
        Assert.Equal(3, worker.Received.Count(message => message.Type == "run"));
    }

    [Fact]
    public async Task A_failing_driver_hook_is_a_notice_naming_the_hook_and_the_module()
    {
        var outcome = await RunAsync(new()
        {
            ["test_hooked"] = new ModuleScript.Passes(["test_hooked.T.test"]) { FailingHook = "audit" },
        }, jobs: 1);

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_hooked").Verdict);
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_hooked: the driver's audit hook failed", StringComparison.Ordinal) && n.Contains("RuntimeError: broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_module_whose_worker_died_before_its_interpreter_existed_runs_again_and_is_reported_once()
    {
        var outcome = await RunAsync(new()
        {
            ["test_unlucky"] = new ModuleScript.DiesCreating(1, ["test_unlucky.T.test"]),
        }, jobs: 1);

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_unlucky").Verdict);
        Assert.Contains(outcome.Observer.Notices, n => n.Contains("re-queued", StringComparison.Ordinal));
        Assert.Equal(2, outcome.Launcher.Runs["test_unlucky"]);
    }

    [Fact]
    public async Task Cancelling_kills_the_workers_at_once_and_keeps_what_finished()
    {
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(new()
        {
            ["test_done"] = new ModuleScript.Passes(["test_done.T.test"]),
            ["test_hangs"] = new ModuleScript.Hangs(["test_hangs.T.test_first"], "test_hangs.T.test_forever"),
            ["test_queued"] = new ModuleScript.Passes(["test_queued.T.test"]),
        }, cancellation: cancel.Token, jobs: 2);
        await Task.Delay(300);
        cancel.Cancel();
        var outcome = await run;

        Assert.True(outcome.Cancelled);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_done").Verdict);
        var hung = outcome.Observer.Final("test_hangs");
        Assert.Equal(TestOutcome.Passed, hung.Tests.Single(t => t.Id == "test_hangs.T.test_first").Outcome);
        Assert.Equal(TestOutcome.NotRun, hung.Tests.Single(t => t.Id == "test_hangs.T.test_forever").Outcome);
        Assert.True(outcome.Launcher.Launches.All(l => l.Worker.HasExited));
    }

    [Fact]
    public async Task Cancelling_before_a_contested_change_is_confirmed_leaves_it_unjudged_and_says_so()
    {
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(new()
        {
            // Both modules see the change appear: only a run alone could tell whose it is, and the run is cancelled first.
            ["test_a_contested"] = new ModuleScript.Passes(["test_a_contested.T.test"], LeakAlongside: "cwd"),
            ["test_b_hangs"] = new ModuleScript.Hangs(["test_b_hangs.T.test_first"], "test_b_hangs.T.test_forever"),
        }, cancellation: cancel.Token, jobs: 2, aloneStartDelay: TimeSpan.FromSeconds(3));
        await Task.Delay(300);
        cancel.Cancel();
        var outcome = await run;

        Assert.True(outcome.Cancelled);
        var contested = outcome.Observer.Final("test_a_contested");
        Assert.Equal(Verdict.Passed, contested.Verdict);
        Assert.Empty(contested.Leaks);
        Assert.Contains(outcome.Observer.Notices, n => n.StartsWith("test_a_contested: left unjudged, the run was cancelled before it could run alone", StringComparison.Ordinal)
            && n.Contains("cwd: test_a_contested changed the cwd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Both_modes_give_each_module_one_final_result_per_mode_from_workers_of_that_mode()
    {
        var options = new RunOptions { Paths = ["/suite"], Jobs = 2, MemoryLimitMegabytes = 0, BothModes = true };
        var outcome = await RunAsync(new()
        {
            ["test_x"] = new ModuleScript.Passes(["test_x.T.test"]),
            ["test_y"] = new ModuleScript.Passes(["test_y.T.test"]),
        }, options);

        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_x", InterpreterMode.Legacy).Verdict);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_y", InterpreterMode.Isolated).Verdict);
        foreach (var (launch, worker) in outcome.Launcher.Launches)
        {
            Assert.All(worker.Received.Where(m => m.Type == "run"), run => Assert.Equal(launch.Mode.Name(), run.Mode));
        }
        Assert.Equal([InterpreterMode.Isolated, InterpreterMode.Legacy], outcome.Launcher.Launches.Select(l => l.Launch.Mode).Distinct());
    }

    [Fact]
    public async Task A_crash_while_the_next_interpreter_is_created_suspects_the_slots_previous_module_without_publishing_it_twice()
    {
        // test_a ends, then the worker dies creating test_b's interpreter on the same slot.
        var outcome = await RunAsync(new()
        {
            ["test_a"] = new ModuleScript.Passes(["test_a.T.test"]),
            ["test_b"] = new ModuleScript.DiesCreating(1, ["test_b.T.test"]),
        }, jobs: 1);

        var previous = outcome.Observer.Final("test_a");
        Assert.Equal(Verdict.Crashed, previous.Verdict);
        Assert.Contains("when followed by test_b", previous.Crash!.Reason);
        Assert.Equal(Verdict.Passed, outcome.Observer.Final("test_b").Verdict);
    }
}
