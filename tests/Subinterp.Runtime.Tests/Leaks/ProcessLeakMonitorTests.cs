using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Leaks;

/// <summary>
/// How the worker attributes a change made while two modules' windows overlap, on real process
/// state (the C environment, threads, descriptors) changed through libc as a module would.
/// Slot 0's window is "A", slot 1's is "B".
/// </summary>
[Collection(ProcessStateCollection.Name)]
public sealed class ProcessLeakMonitorTests
{
    private static ProcessLeakMonitor Monitor()
    {
        var monitor = new ProcessLeakMonitor();
        monitor.AdoptOpenDescriptors();
        return monitor;
    }

    private static IEnumerable<string> Details(IEnumerable<Subinterp.Runtime.Results.LeakFinding> leaks) => leaks.Select(leak => leak.Detail);

    [Fact]
    public void Under_coreclr_the_runtimes_pipes_and_files_are_known_even_where_the_dynamic_code_switch_is_off()
    {
        // The managed worker's runtimeconfig.json turns IsDynamicCodeSupported off (its project sets
        // PublishAot), which had made the monitor take it for the native worker; this test host is CoreCLR too.
        var monitor = new ProcessLeakMonitor();

        Assert.True(monitor.RuntimeMakesPipes);
        Assert.Contains(monitor.RuntimeFolders, folder => folder == Path.TrimEndingDirectorySeparator(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory()) + "/");
    }

    [Fact]
    public void A_change_made_while_only_its_module_ran_is_that_modules_at_once()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        ProcessStateCalls.setenv("SUBINTERP_UNIT_ALONE", "1", 1);
        try
        {
            var closed = monitor.Close(a);
            Assert.Contains("SUBINTERP_UNIT_ALONE set to '1' (was unset)", Details(closed.Leaks));
            Assert.Empty(closed.Pending);
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_ALONE");
        }
    }

    [Fact]
    public void A_neighbours_temporary_change_is_held_then_dropped_when_it_goes_away_with_the_neighbour()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        var b = monitor.Open(1, 2);
        ProcessStateCalls.setenv("SUBINTERP_UNIT_TEMPORARY", "1", 1);
        try
        {
            var closedA = monitor.Close(a);
            Assert.Empty(closedA.Leaks);
            Assert.Contains("SUBINTERP_UNIT_TEMPORARY set to '1' (was unset)", Details(closedA.Pending));
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_TEMPORARY");
        }
        var closedB = monitor.Close(b);

        Assert.Empty(closedB.Leaks);
        var settled = Assert.Single(closedB.Settled);
        Assert.Equal(1, settled.Seq);
        Assert.Empty(settled.Confirmed);
        Assert.Empty(settled.Contested);
    }

    [Fact]
    public void A_change_both_saw_appear_that_stays_is_contested_unless_one_interpreter_was_seen_making_it()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        var b = monitor.Open(1, 2);
        ProcessStateCalls.setenv("SUBINTERP_UNIT_STAYS", "1", 1);
        try
        {
            monitor.Close(a);
            var closedB = monitor.Close(b);
            Assert.Contains("SUBINTERP_UNIT_STAYS set to '1' (was unset)", Details(closedB.Contested));
            Assert.Contains("SUBINTERP_UNIT_STAYS set to '1' (was unset)", Details(Assert.Single(closedB.Settled).Contested));

            // The same again, with B's audit hook having noted the putenv.
            var a2 = monitor.Open(0, 3);
            var b2 = monitor.Open(1, 4);
            ProcessStateCalls.setenv("SUBINTERP_UNIT_STAYS", "2", 1);
            monitor.Touch(b2, "environ:SUBINTERP_UNIT_STAYS");
            var closedA2 = monitor.Close(a2);
            Assert.Empty(closedA2.Leaks);
            Assert.Empty(closedA2.Pending);
            var closedB2 = monitor.Close(b2);
            Assert.Contains("SUBINTERP_UNIT_STAYS changed from '1' to '2'", Details(closedB2.Leaks));
            Assert.Empty(closedB2.Contested);
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_STAYS");
        }
    }

    [Fact]
    public void A_thread_named_after_another_slot_is_that_slots_modules()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        var b = monitor.Open(1, 2);
        using var release = new ManualResetEventSlim();
        // Started from slot 1's thread, a native thread inherits its name.
        var started = new Thread(() => release.Wait()) { Name = FrameworkState.SlotThreadName(1), IsBackground = true };
        started.Start();
        try
        {
            var closedA = monitor.Close(a);
            Assert.DoesNotContain(closedA.Leaks.Concat(closedA.Pending), leak => leak.Kind == LeakKinds.Thread);
            var closedB = monitor.Close(b);
            // Its own: looked at once more (it may have been leaving), in the background, not by the slot.
            Assert.Contains(closedB.Pending, leak => leak.Kind == LeakKinds.Thread);
            var (window, threads) = Assert.Single(monitor.AwaitingLook());
            Assert.Same(b, window);
            Assert.Single(threads);
            var settled = Assert.Single(monitor.Look());
            Assert.Contains(settled.Confirmed, leak => leak.Kind == LeakKinds.Thread && leak.Detail.Contains("'slot-1'", StringComparison.Ordinal));
        }
        finally
        {
            release.Set();
            started.Join();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_thread_an_abandoned_neighbour_saw_appear_too_is_contested_not_the_modules_leak(bool moduleClosesFirst)
    {
        // test_thread_left_running beside a clean module on CPython 3.14+, whose threading names the
        // OS thread after the Python thread ("sleeper"), so no slot's name says whose it is: the
        // neighbour's interpreter is abandoned with the thread still running, its window not judged.
        var monitor = Monitor();
        var module = monitor.Open(0, 1);
        var abandoned = monitor.Open(1, 2);
        using var release = new ManualResetEventSlim();
        var sleeper = new Thread(() => release.Wait()) { Name = "sleeper", IsBackground = true };
        sleeper.Start();
        try
        {
            IReadOnlyList<Subinterp.Runtime.Results.LeakFinding> leaks, contested;
            if (moduleClosesFirst)
            {
                var closed = monitor.Close(module);
                Assert.Contains(closed.Pending, leak => leak.Kind == LeakKinds.Thread);
                var settled = Assert.Single(monitor.Close(abandoned, judge: false).Settled);
                Assert.Same(module, settled.Window);
                (leaks, contested) = (closed.Leaks.Concat(settled.Confirmed).ToList(), settled.Contested);
            }
            else
            {
                var unjudged = monitor.Close(abandoned, judge: false);
                Assert.Empty(unjudged.Leaks.Concat(unjudged.Contested).Concat(unjudged.Pending));
                var closed = monitor.Close(module);
                (leaks, contested) = (closed.Leaks, closed.Contested);
            }

            Assert.DoesNotContain(leaks, leak => leak.Kind == LeakKinds.Thread);
            Assert.Contains(contested, leak => leak.Kind == LeakKinds.Thread && leak.Detail.Contains("'sleeper'", StringComparison.Ordinal));
        }
        finally
        {
            release.Set();
            sleeper.Join();
        }
    }

    [Fact]
    public void A_change_an_extensions_initialisation_made_is_nobodys_leak_and_is_reported_as_its_effect()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        a.InterpreterId = 42;
        var before = ProcessSnapshot.CaptureLight(monitor.WorkerFds);
        ProcessStateCalls.setenv("SUBINTERP_UNIT_INIT", "80", 1);
        try
        {
            monitor.RecordEffect(ExtensionInit.Parse("_fake_ext\tstdlib\ttest_x>pdb>_fake_ext"), before, ProcessSnapshot.CaptureLight(monitor.WorkerFds), monitor.WindowOf(42));
            var closed = monitor.Close(a);

            Assert.DoesNotContain(closed.Leaks, leak => leak.Detail.Contains("SUBINTERP_UNIT_INIT", StringComparison.Ordinal));
            var (init, changes, _) = Assert.Single(closed.Effects);
            Assert.Equal(["test_x", "pdb", "_fake_ext"], init.Chain);
            Assert.Equal("SUBINTERP_UNIT_INIT set to '80' (was unset)", Assert.Single(changes).Detail);
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_INIT");
        }
    }

    [Fact]
    public void A_descriptor_an_extensions_initialisation_opened_for_good_is_its_effect_not_the_modules_leak()
    {
        // What libffi does when _ctypes initialises on 3.14+: open its own shared object, once per process.
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        a.InterpreterId = 43;
        var library = typeof(ProcessLeakMonitorTests).Assembly.Location;
        var before = ProcessSnapshot.CaptureLight(monitor.WorkerFds);
        using var kept = File.OpenRead(library);
        monitor.RecordEffect(ExtensionInit.Parse("_fake_ffi	stdlib	test_x>ctypes>_fake_ffi"), before, ProcessSnapshot.CaptureLight(monitor.WorkerFds), monitor.WindowOf(43));
        var closed = monitor.Close(a);

        Assert.DoesNotContain(closed.Leaks, leak => leak.Detail.Contains(library, StringComparison.Ordinal));
        var (init, changes, _) = Assert.Single(closed.Effects);
        Assert.Equal("_fake_ffi", init.Extension);
        Assert.Contains(changes, change => change.Kind == "fd" && FileDescriptorState.LeftOpenTarget(change.Detail) == library);
    }

    [Fact]
    public void A_neighbours_change_during_an_extensions_initialisation_is_not_that_extensions_effect()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        a.InterpreterId = 7;
        var b = monitor.Open(1, 2);
        var before = ProcessSnapshot.CaptureLight(monitor.WorkerFds);
        // B's interpreter was seen setting it (its audit hook), while A's extension initialised.
        monitor.Touch(b, "environ:SUBINTERP_UNIT_NEIGHBOUR");
        ProcessStateCalls.setenv("SUBINTERP_UNIT_NEIGHBOUR", "1", 1);
        try
        {
            monitor.RecordEffect(ExtensionInit.Parse("_fake_ext\tstdlib\ttest_x>_fake_ext"), before, ProcessSnapshot.CaptureLight(monitor.WorkerFds), a);

            Assert.Empty(monitor.Close(a).Effects);
            Assert.Contains("SUBINTERP_UNIT_NEIGHBOUR set to '1' (was unset)", Details(monitor.Close(b).Leaks));
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_NEIGHBOUR");
        }
    }

    [Fact]
    public void A_descriptor_that_appeared_between_windows_is_the_runtimes_and_its_closing_is_no_leak()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("between.txt");
        File.WriteAllText(path, "");
        var monitor = Monitor();
        // .NET opens a pipe for a moment when it starts a thread: opened between windows, closed in one.
        var fd = ProcessStateCalls.open(path, 0);
        var a = monitor.Open(0, 1);
        ProcessStateCalls.close(fd);

        var closed = monitor.Close(a);

        Assert.DoesNotContain(closed.Leaks, leak => leak.Kind == LeakKinds.Fd);
    }

    [Fact]
    public void Closing_a_descriptor_a_neighbour_opened_is_no_leak_even_when_the_module_opened_the_same_file_itself()
    {
        // pytest opens /dev/null for stdin capture in every module's session and closes it at the end:
        // the neighbour's descriptor, closed as the neighbour's session ends, must not be blamed on a
        // module whose own /dev/null took the freed number and was closed in turn.
        using var temp = new TempDirectory();
        var path = temp.Combine("devnull.txt");
        File.WriteAllText(path, "");
        var monitor = Monitor();
        var neighbour = monitor.Open(0, 1);
        var fd = ProcessStateCalls.open(path, 0);
        monitor.Touch(neighbour, "open:" + path);
        var module = monitor.Open(1, 2);
        ProcessStateCalls.close(fd);
        var own = ProcessStateCalls.open(path, 0);
        monitor.Touch(module, "open:" + path);
        Assert.Equal(fd, own); // the scenario needs the number reused
        Assert.DoesNotContain(monitor.Close(neighbour).Leaks, leak => leak.Kind == LeakKinds.Fd);
        var next = monitor.Open(0, 3);
        ProcessStateCalls.close(own);

        var closed = monitor.Close(module);

        Assert.DoesNotContain(closed.Leaks.Concat(closed.Pending).Concat(closed.Contested), leak => leak.Kind == LeakKinds.Fd);
        // The neighbour's descriptor waited for this module (which opened the same file) and went with it.
        var settled = Assert.Single(closed.Settled);
        Assert.Equal(1, settled.Seq);
        Assert.Empty(settled.Confirmed.Concat(settled.Contested));
        Assert.DoesNotContain(monitor.Close(next).Leaks, leak => leak.Kind == LeakKinds.Fd);
    }

    [Fact]
    public void A_folder_each_interpreter_lists_as_it_starts_is_no_leak_when_two_such_listings_meet_the_looks()
    {
        // Every interpreter's start lists folders of its import path (3.15's encodings package):
        // a descriptor open for a moment, far longer in legacy mode while the lister waits for the
        // shared GIL. A's start listed it as B's window opened, and B's start listed it again, with
        // the same (lowest free) number, as A's window closed: one number and target at both looks,
        // two descriptors, neither left open.
        using var temp = new TempDirectory();
        var folder = temp.Combine("encodings");
        Directory.CreateDirectory(folder);
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        var listedByA = ProcessStateCalls.open(folder, 0);
        var b = monitor.Open(1, 2);
        ProcessStateCalls.close(listedByA);
        var listedByB = ProcessStateCalls.open(folder, 0);
        Assert.Equal(listedByA, listedByB); // the scenario needs the number reused
        WindowClose closedA;
        try
        {
            closedA = monitor.Close(a);
        }
        finally
        {
            ProcessStateCalls.close(listedByB);
        }

        Assert.DoesNotContain(closedA.Leaks.Concat(closedA.Contested), leak => leak.Kind == LeakKinds.Fd);
        var closedB = monitor.Close(b);
        Assert.DoesNotContain(closedB.Leaks.Concat(closedB.Contested), leak => leak.Kind == LeakKinds.Fd);
        var settled = Assert.Single(closedB.Settled);
        Assert.Equal(1, settled.Seq);
        Assert.Empty(settled.Confirmed.Concat(settled.Contested));
    }

    [Fact]
    public void A_number_each_interpreter_start_reuses_for_the_same_file_is_no_leak_when_it_was_seen_closed_in_between()
    {
        // CI, 3.13.0, the matrix in legacy mode: `_ctypes` judged "fd 9 left open:
        // encodings/__pycache__/__init__.cpython-313.pyc". Slot 0's module A and slot 1's B overlap;
        // B's window opened while an interpreter start held the file as the lowest free number, A
        // closed while another start held it, then B closed while a third (slot 0's next module, C)
        // held it: B never saw it appear, so A's wait for B ended in "still there". Between A's close
        // and B's, C's window opened with the number free: another descriptor each time.
        using var temp = new TempDirectory();
        var path = temp.Combine("__init__.cpython-313.pyc");
        File.WriteAllText(path, "");
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        var first = ProcessStateCalls.open(path, 0);
        var b = monitor.Open(1, 2);
        ProcessStateCalls.close(first);
        var second = ProcessStateCalls.open(path, 0);
        Assert.Equal(first, second); // the scenario needs the number reused
        var closedA = monitor.Close(a);
        ProcessStateCalls.close(second);
        Assert.Contains(closedA.Pending, leak => leak.Kind == LeakKinds.Fd);
        var c = monitor.Open(0, 3);
        var third = ProcessStateCalls.open(path, 0);
        Assert.Equal(first, third);
        WindowClose closedB;
        try
        {
            closedB = monitor.Close(b);
        }
        finally
        {
            ProcessStateCalls.close(third);
        }

        var settled = Assert.Single(closedB.Settled, settlement => settlement.Seq == 1);
        Assert.Empty(settled.Confirmed.Concat(settled.Contested));
        monitor.Close(c);
    }

    [Fact]
    public void A_descriptor_a_module_leaves_open_while_a_later_neighbour_runs_is_still_its_leak_once_the_neighbour_ends()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("kept.txt");
        File.WriteAllText(path, "");
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        var kept = ProcessStateCalls.open(path, 0);
        try
        {
            var b = monitor.Open(1, 2);
            var closedA = monitor.Close(a);
            Assert.Contains(closedA.Pending, leak => leak.Kind == LeakKinds.Fd && leak.Detail.EndsWith(path, StringComparison.Ordinal));

            var closedB = monitor.Close(b);

            Assert.DoesNotContain(closedB.Leaks.Concat(closedB.Contested), leak => leak.Kind == LeakKinds.Fd);
            var settled = Assert.Single(closedB.Settled);
            Assert.Equal(1, settled.Seq);
            Assert.Contains(settled.Confirmed, leak => leak.Kind == LeakKinds.Fd && leak.Detail.EndsWith(path, StringComparison.Ordinal));
        }
        finally
        {
            ProcessStateCalls.close(kept);
        }
    }

    [Fact]
    public void A_thread_that_ends_before_the_later_look_is_no_leak_and_no_slot_waited_for_it()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        using var release = new ManualResetEventSlim();
        var ending = new Thread(() => release.Wait()) { Name = FrameworkState.SlotThreadName(0), IsBackground = true };
        ending.Start();
        var closed = monitor.Close(a);
        Assert.Empty(closed.Leaks);
        Assert.Contains(closed.Pending, leak => leak.Kind == LeakKinds.Thread);
        release.Set();
        ending.Join();
        var settled = Assert.Single(monitor.Look());
        Assert.Empty(settled.Confirmed);
        Assert.Empty(settled.Contested);
    }

    [Fact]
    public void A_variable_a_conftest_sets_in_every_interpreter_is_its_code_effect_whichever_module_saw_it_appear()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        var b = monitor.Open(1, 2);
        const string Note = "environ:SUBINTERP_UNIT_CONFTEST\tcode\ttests/conftest.py:21\timport\t=/src";
        monitor.Touch(a, Note);
        ProcessStateCalls.setenv("SUBINTERP_UNIT_CONFTEST", "/src", 1);
        monitor.Touch(b, Note); // b's conftest sets the same value: no change of its own to see
        try
        {
            var closedA = monitor.Close(a);
            // b made it too and still runs: a's verdict waits for b.
            Assert.Empty(closedA.Leaks.Concat(closedA.Contested));
            var closedB = monitor.Close(b);
            Assert.Empty(closedB.Leaks.Concat(closedB.Pending).Concat(closedB.Contested));
            var settledA = Assert.Single(closedB.Settled);
            Assert.Empty(settledA.Confirmed.Concat(settledA.Contested));
            Assert.Contains(closedA.CodeEffects.Concat(settledA.CodeEffects), effect => effect.Site.Where == "tests/conftest.py:21" && effect.Change is { Kind: LeakKinds.Environ });
            // Both modules' interpreters made it: both say so, whichever saw the change.
            Assert.Contains(closedB.CodeEffects, effect => effect.Site.Where == "tests/conftest.py:21");
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_CONFTEST");
        }
    }

    [Fact]
    public void An_extension_initialising_again_without_a_change_is_recorded_as_a_repeat_of_its_effect()
    {
        var monitor = Monitor();
        var a = monitor.Open(0, 1);
        a.InterpreterId = 11;
        var before = ProcessSnapshot.CaptureLight(monitor.WorkerFds);
        ProcessStateCalls.setenv("SUBINTERP_UNIT_REPEAT", "80", 1);
        try
        {
            monitor.RecordEffect(ExtensionInit.Parse("_fake_ext\tstdlib\ttest_a>_fake_ext"), before, ProcessSnapshot.CaptureLight(monitor.WorkerFds), a);
            Assert.False(Assert.Single(monitor.Close(a).Effects).Repeat);
            var b = monitor.Open(0, 2);
            var same = ProcessSnapshot.CaptureLight(monitor.WorkerFds);
            monitor.RecordEffect(ExtensionInit.Parse("_fake_ext\tstdlib\ttest_b>_fake_ext"), same, ProcessSnapshot.CaptureLight(monitor.WorkerFds), b);
            var (init, changes, repeat) = Assert.Single(monitor.Close(b).Effects);
            Assert.True(repeat);
            Assert.Equal("_fake_ext", init.Extension);
            Assert.Equal("SUBINTERP_UNIT_REPEAT set to '80' (was unset)", Assert.Single(changes).Detail);
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_REPEAT");
        }
    }
}
