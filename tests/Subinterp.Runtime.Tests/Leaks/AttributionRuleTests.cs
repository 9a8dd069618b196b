using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Leaks.Attribution;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Tests.Leaks;

/// <summary>
/// Each attribution rule on its own, on windows and changes made up for it (no process state is
/// read): what it decides, and when it leaves the change to the next rule. Window "A" (slot 0) is
/// the one being judged, "B" (slot 1) its neighbour.
/// </summary>
public sealed class AttributionRuleTests
{
    private sealed class Facts : IAttributionFacts
    {
        public string? Extension { get; init; }
        public Dictionary<(StateKey, string?), List<ModuleWindow>> FirstSeen { get; } = [];
        public HashSet<(StateKey, string?)> BetweenWindows { get; } = [];
        public Dictionary<StateKey, string?> Now { get; } = [];
        public bool RuntimeMakesPipes { get; init; }

        public IReadOnlyList<string> RuntimeFolders { get; init; } = [];

        public bool SlotsOwnTheirDirectory { get; init; }

        public string? ExtensionExplaining(ObservedChange change) => Extension;
        public IReadOnlyList<ModuleWindow> OpenWhenFirstSeen(StateKey key, string? value) => FirstSeen.GetValueOrDefault((key, value)) ?? [];
        public bool FirstSeenBetweenWindows(StateKey key, string? value) => BetweenWindows.Contains((key, value));
        public string? Current(StateKey key) => Now.GetValueOrDefault(key);
        public HashSet<StateKey> ChangedAfterClose { get; } = [];
        public bool ChangedSince(StateKey key, long observation) => ChangedAfterClose.Contains(key);
    }

    private static readonly Facts NoFacts = new();

    private static (ModuleWindow A, ModuleWindow B) Pair()
    {
        var a = new ModuleWindow(0, 1);
        var b = new ModuleWindow(1, 2);
        a.Overlappers.Add(b);
        b.Overlappers.Add(a);
        return (a, b);
    }

    private static ObservedChange Change(string kind, string name, string? before, string? after) =>
        new(new StateKey(kind, name), before, after, new LeakFinding(kind, $"{name}: {before ?? "unset"} -> {after ?? "unset"}"));

    private static ObservedChange Environ(string name, string? after = "1") => Change(LeakKinds.Environ, name, null, after);

    private static ObservedChange Fd(int fd, string target) => Change(LeakKinds.Fd, fd.ToString(System.Globalization.CultureInfo.InvariantCulture), null, target);

    private static TouchNote Note(string touch, string whose, string where, string? value = null, string scope = "call") => new(touch, whose, where, scope, value);

    private static AttributionCase Closing(ModuleWindow window, ObservedChange change, IReadOnlyList<ModuleWindow>? suspects = null, IAttributionFacts? facts = null) =>
        new(window, change, AttributionPhase.Closing, suspects ?? [], facts ?? NoFacts);

    private static AttributionCase Settling(ModuleWindow window, ObservedChange change, IReadOnlyList<ModuleWindow> others, IAttributionFacts facts) =>
        new(window, change, AttributionPhase.Settling, others, facts);

    [Fact]
    public void FrameworkVariable_pytests_own_variables_are_never_findings()
    {
        var rule = new FrameworkVariableRule();
        var (a, _) = Pair();
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, Environ("PYTEST_CURRENT_TEST"))).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Environ("MYPYPATH"))).Kind);
    }

    [Fact]
    public void Gone_a_held_change_no_longer_there_when_settled_is_nobodys()
    {
        var rule = new GoneRule();
        var (a, b) = Pair();
        var change = Environ("TEMPORARY");
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Settling(a, change, [b], new Facts())).Kind);
        var stayed = new Facts();
        stayed.Now[change.Key] = "1";
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Settling(a, change, [b], stayed)).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, change)).Kind);
    }

    [Fact]
    public void Reopened_a_descriptor_seen_closed_after_the_window_closed_is_another_descriptor_now()
    {
        var rule = new ReopenedRule();
        var (a, b) = Pair();
        var change = Fd(9, "/usr/lib/python3.13/encodings/__pycache__/__init__.cpython-313.pyc");
        var reopened = new Facts();
        reopened.Now[change.Key] = change.After;
        reopened.ChangedAfterClose.Add(change.Key);
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Settling(a, change, [b], reopened)).Kind);
        var kept = new Facts();
        kept.Now[change.Key] = change.After;
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Settling(a, change, [b], kept)).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, change, [b], reopened)).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Settling(a, Environ("X"), [b], reopened)).Kind);
    }

    [Fact]
    public void ExtensionInit_a_change_an_extensions_init_made_is_the_extensions()
    {
        var rule = new ExtensionInitRule();
        var (a, _) = Pair();
        var verdict = rule.Judge(Closing(a, Environ("COLUMNS", "80"), facts: new Facts { Extension = "readline" }));
        Assert.Equal(VerdictKind.NotAFinding, verdict.Kind);
        Assert.Contains("readline", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Environ("COLUMNS", "80"))).Kind);
        // A descriptor the module's own code opened while a neighbour's init was being read: the module's.
        a.Notes.Add(Note("open:/suite/test_fd_leak.py", TouchNote.Module, "test_fd_leak.py:8"));
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Fd(9, "/suite/test_fd_leak.py"), facts: new Facts { Extension = "_datetime" })).Kind);
    }

    [Fact]
    public void SlotThread_another_slots_thread_is_not_this_modules_and_its_own_is_looked_at_again()
    {
        var rule = new SlotThreadRule();
        var (a, b) = Pair();
        var fromB = Change(LeakKinds.Thread, "4242", null, FrameworkState.SlotThreadName(1));
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, fromB)).Kind);
        var own = rule.Judge(Closing(b, fromB));
        Assert.Equal(VerdictKind.Wait, own.Kind);
        Assert.Empty(own.Others);
        var still = new Facts();
        still.Now[fromB.Key] = fromB.After;
        Assert.Equal(VerdictKind.Leak, rule.Judge(Settling(b, fromB, [], still)).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Change(LeakKinds.Thread, "4243", null, "Thread-1 (run)"))).Kind);
    }

    [Fact]
    public void SlotDirectory_a_directory_or_umask_left_changed_on_a_slot_of_its_own_is_the_modules()
    {
        var rule = new SlotDirectoryRule();
        var (a, b) = Pair();
        var cwd = Change(LeakKinds.Cwd, "cwd", "/work", "/tmp");
        Assert.Equal(VerdictKind.Leak, rule.Judge(Closing(a, cwd, [b], new Facts { SlotsOwnTheirDirectory = true })).Kind);
        Assert.Equal(VerdictKind.Leak, rule.Judge(Closing(a, Change(LeakKinds.Umask, "umask", "0022", "0077"), [b], new Facts { SlotsOwnTheirDirectory = true })).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, cwd, [b], new Facts { SlotsOwnTheirDirectory = false })).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Environ("HOME"), [b], new Facts { SlotsOwnTheirDirectory = true })).Kind);
    }

    [Fact]
    public void RuntimePipe_a_pipe_no_interpreter_made_is_the_runtimes_under_coreclr_only()
    {
        var rule = new RuntimePipeRule();
        var (a, b) = Pair();
        var pipe = Fd(68, "pipe:[1234]");
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, pipe, [b], new Facts { RuntimeMakesPipes = true })).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, pipe, [b], new Facts { RuntimeMakesPipes = false })).Kind);
        b.Notes.Add(Note(Touches.Pipe, TouchNote.Module, "test_b.py:3", "68=pipe:[1234],69=pipe:[1234]"));
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, pipe, [b], new Facts { RuntimeMakesPipes = true })).Kind);
    }

    [Fact]
    public void RuntimeFile_a_descriptor_onto_the_workers_runtime_no_interpreter_made_is_the_runtimes()
    {
        var rule = new RuntimeFileRule();
        var (a, b) = Pair();
        // Seen under dotnet test (the managed worker) on a loaded machine: two descriptors onto
        // System.Private.Uri.dll, loaded as a message contract was first configured during a window.
        var coreclr = new Facts { RuntimeFolders = ["/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/"] };
        var uri = Fd(70, "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.Uri.dll");
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, uri, [b], coreclr)).Kind);
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, Change(LeakKinds.Fd, "70", uri.After, null), [b], coreclr)).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, uri, [b], NoFacts)).Kind); // Native AOT: no runtime folder
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Fd(71, "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.120/x.dll"), [b], coreclr)).Kind);
        b.Notes.Add(Note("open:" + uri.After, TouchNote.Module, "test_b.py:3"));
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, uri, [b], coreclr)).Kind); // a test opened it itself
    }

    [Fact]
    public void FrameworkClosed_a_descriptor_closing_onto_a_file_only_the_framework_opened_is_never_a_finding()
    {
        var rule = new FrameworkClosedRule();
        var (a, b) = Pair();
        // Seen in CI on 3.14 under load: a neighbour's pytest closed its /dev/null while this window was open.
        var closed = Change(LeakKinds.Fd, "9", "/dev/null", null);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, closed, [b])).Kind);
        b.Notes.Add(Note("open:/dev/null", TouchNote.Framework, "_pytest/logging.py:690"));
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, closed, [b])).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Fd(9, "/dev/null"), [b])).Kind);
        a.Notes.Add(Note("open:/dev/null", TouchNote.Module, "test_a.py:4"));
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, closed, [b])).Kind);
    }

    [Fact]
    public void FrameworkMade_a_descriptor_only_the_framework_opened_is_never_a_finding_whoever_saw_it()
    {
        var rule = new FrameworkMadeRule();
        var (a, b) = Pair();
        // pytest's logging plugin opens /dev/null in every session: in both interpreters.
        a.Notes.Add(Note("open:/dev/null", TouchNote.Framework, "_pytest/logging.py:690"));
        b.Notes.Add(Note("open:/dev/null", TouchNote.Framework, "_pytest/logging.py:690"));
        var devnull = Fd(9, "/dev/null");
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, devnull, [b])).Kind);
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(b, devnull, [a])).Kind);
        b.Notes.Add(Note("open:/dev/null", TouchNote.Module, "test_b.py:7"));
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, devnull, [b])).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Fd(10, "/tmp/other"), [b])).Kind);
    }

    [Fact]
    public void RefusedFork_pipes_left_by_a_refused_fork_are_the_modules_and_name_the_refusal()
    {
        var rule = new RefusedForkRule();
        var (a, b) = Pair();
        a.Notes.Add(Note(Touches.Pipe, TouchNote.Module, "test_a.py:9", "7=pipe:[99],8=pipe:[99]"));
        a.Notes.Add(Note(Touches.ForkRefused, TouchNote.Module, "test_a.py:10", "fork"));
        var verdict = rule.Judge(Closing(a, Fd(7, "pipe:[99]"), [b]));
        Assert.Equal(VerdictKind.Leak, verdict.Kind);
        Assert.Contains("os.fork() was refused at test_a.py:10", verdict.Cause, StringComparison.Ordinal);
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(b, Fd(7, "pipe:[99]"), [a])).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Fd(11, "/tmp/x"), [b])).Kind);
    }

    [Fact]
    public void SharedCode_a_conftest_variable_set_in_every_interpreter_is_the_conftests_whichever_window_saw_it()
    {
        var rule = new SharedCodeRule();
        var (a, b) = Pair();
        foreach (var window in new[] { a, b })
        {
            window.Notes.Add(Note("environ:MYPYPATH", TouchNote.Code, "tests/conftest.py:21", "/src", "import"));
        }
        var change = Environ("MYPYPATH", "/src");
        // While the neighbour that made it too still runs, it may undo it: wait for it; then it is the conftest's.
        Assert.Equal([b], rule.Judge(Closing(a, change, [b])).Others);
        a.Closed = b.Closed = true;
        foreach (var (judged, other) in new[] { (a, b), (b, a) })
        {
            var verdict = rule.Judge(Closing(judged, change, [other]));
            Assert.Equal(VerdictKind.CodeEffect, verdict.Kind);
            Assert.Equal("tests/conftest.py:21", verdict.Site!.Where);
        }
        var settled = new Facts();
        settled.Now[change.Key] = "/src";
        Assert.Equal(VerdictKind.CodeEffect, rule.Judge(Settling(a, change, [b], settled)).Kind);
        a.Closed = b.Closed = false;
        // Only the neighbour's interpreter made it: the neighbour's window says it, not this one.
        var c = new ModuleWindow(2, 3);
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(c, change, [a])).Kind);
        // The module's own file made it too: not (only) shared code's.
        a.Notes.Add(Note("environ:MYPYPATH", TouchNote.Module, "test_a.py:4", "/src"));
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, change, [b])).Kind);
    }

    [Fact]
    public void OwnCode_a_change_only_the_modules_code_made_is_its_leak_unless_a_running_neighbour_made_the_same()
    {
        var rule = new OwnCodeRule();
        var (a, b) = Pair();
        a.Notes.Add(Note("environ:LEFT", TouchNote.Module, "test_a.py:4", "1"));
        Assert.Equal(VerdictKind.Leak, rule.Judge(Closing(a, Environ("LEFT"))).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(b, Environ("LEFT"), [a])).Kind);
        // The same file opened by a neighbour still running: its number may have been reused unseen.
        a.Notes.Add(Note("open:/dev/null", TouchNote.Module, "test_a.py:5"));
        b.Notes.Add(Note("open:/dev/null", TouchNote.Framework, "_pytest/logging.py:690"));
        var waits = rule.Judge(Closing(a, Fd(9, "/dev/null")));
        Assert.Equal(VerdictKind.Wait, waits.Kind);
        Assert.Equal([b], waits.Others);
        b.Closed = true;
        Assert.Equal(VerdictKind.Leak, rule.Judge(Closing(a, Fd(9, "/dev/null"))).Kind);
    }

    [Fact]
    public void NeighbourCode_a_change_only_a_neighbours_code_made_is_the_neighbours()
    {
        var rule = new NeighbourCodeRule();
        var (a, b) = Pair();
        b.Notes.Add(Note("cwd", TouchNote.Module, "test_b.py:8", "/tmp/x"));
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, Change(LeakKinds.Cwd, "cwd", "/w", "/tmp/x"), [b])).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(b, Change(LeakKinds.Cwd, "cwd", "/w", "/tmp/x"), [a])).Kind);
    }

    [Fact]
    public void NeighbourCode_a_copy_a_neighbour_made_with_os_dup_is_the_neighbours_only_while_it_points_where_the_copy_did()
    {
        var rule = new NeighbourCodeRule();
        var (a, b) = Pair();
        // _pyrepl.readline's import keeps os.dup(0) and os.dup(1): the driver notes each copy with its target.
        b.Notes.Add(Note(Touches.Dup, TouchNote.Module, "test___all__.py:40", "9=pipe:[3905770]"));
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, Fd(9, "pipe:[3905770]"), [b])).Kind);
        // The same number pointing elsewhere (the copy was closed, the number reused): the note says nothing of it.
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Fd(9, "/root/.cache/subinterp/driver/protocol.pyc"), [b])).Kind);
        // A copy of a file deleted since: readlink adds " (deleted)".
        b.Notes.Add(Note(Touches.Dup, TouchNote.Module, "test___all__.py:41", "10=/tmp/x"));
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, Fd(10, "/tmp/x (deleted)"), [b])).Kind);
        // os.dup2 onto stdin redirects it: the same note names the stdio change.
        b.Notes.Add(Note(Touches.Dup, TouchNote.Module, "test_stdio_leak.py:9", "0=/dev/null"));
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, Change(LeakKinds.Stdio, "0", "pipe:[5]", "/dev/null"), [b])).Kind);
    }

    [Fact]
    public void OwnCode_a_signal_flag_set_by_siginterrupt_or_grantpt_is_known_by_the_signals_touch()
    {
        var rule = new OwnCodeRule();
        var (a, b) = Pair();
        // os.grantpt re-installs SIGCHLD with SA_ONSTACK: the driver notes signal:SIGCHLD at the caller.
        a.Notes.Add(Note("signal:SIGCHLD", TouchNote.Module, "test_os.py:4566", "grantpt"));
        var flags = Change(LeakKinds.Signal, "SIGCHLD flags", "none", "SA_ONSTACK");
        Assert.Equal(VerdictKind.Leak, rule.Judge(Closing(a, flags, [b])).Kind);
        Assert.Equal(VerdictKind.NotAFinding, new NeighbourCodeRule().Judge(Closing(b, flags, [a])).Kind);
    }

    [Fact]
    public void NeighbourClosed_a_pipe_or_file_a_neighbour_made_and_closed_is_never_the_modules()
    {
        var rule = new NeighbourClosedRule();
        var (a, b) = Pair();
        a.Overlappers.Add(b);
        b.Overlappers.Add(a);
        // test_tarfile saw fd 15 close: a neighbour's subprocess pipe, made before test_tarfile began.
        var closed = Change(LeakKinds.Fd, "15", "pipe:[3957777]", null);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, closed)).Kind);
        b.Notes.Add(Note(Touches.Pipe, TouchNote.Code, "subprocess.py:1700", "14=pipe:[3957777],15=pipe:[3957777]"));
        var verdict = rule.Judge(Closing(a, closed));
        Assert.Equal(VerdictKind.NotAFinding, verdict.Kind);
        Assert.Contains("subprocess.py:1700", verdict.Reason, StringComparison.Ordinal);
        // Another pipe under the same number: the note says nothing of it.
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Change(LeakKinds.Fd, "15", "pipe:[1]", null))).Kind);
        // A file a neighbour opened; and one this module opened too, which it may have closed itself.
        b.Notes.Add(Note("open:/tmp/tmps_qepzue", TouchNote.Code, "tempfile.py:300"));
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, Change(LeakKinds.Fd, "14", "/tmp/tmps_qepzue (deleted)", null))).Kind);
        a.Notes.Add(Note("open:/tmp/tmps_qepzue", TouchNote.Module, "test_a.py:3"));
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Change(LeakKinds.Fd, "14", "/tmp/tmps_qepzue", null))).Kind);
        // A descriptor left open is not this rule's.
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Fd(15, "pipe:[3957777]"))).Kind);
    }

    [Fact]
    public void NeighbourValue_a_neighbours_earlier_value_changed_back_while_it_ran_is_its_own_business()
    {
        var rule = new NeighbourValueRule();
        var (a, b) = Pair();
        var change = Change(LeakKinds.Umask, "umask", "0077", "0022");
        var facts = new Facts();
        facts.FirstSeen[(change.Key, "0077")] = [b];
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, change, facts: facts)).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, change)).Kind);
    }

    [Fact]
    public void NeighbourValue_a_descriptor_a_neighbour_opened_before_the_window_began_is_known_from_the_windows_opening()
    {
        var rule = new NeighbourValueRule();
        var (a, b) = Pair();
        a.Overlappers.Add(b);
        // test_httpservers' socket was open as test_io began and closed while it ran; by test_io's close the
        // history of fd 11 had moved on through the server's later sockets (no sighting left: NoFacts).
        var closed = Change(LeakKinds.Fd, "11", "socket:[4206616]", null);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, closed)).Kind);
        a.BeganWith[closed.Key] = [b];
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, closed)).Kind);
        // Opened while only this module's window was open (or before any neighbour of it): not a neighbour's.
        a.BeganWith[closed.Key] = [];
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, closed)).Kind);
    }

    [Fact]
    public void BetweenWindows_a_descriptor_opened_between_module_windows_closing_is_no_leak()
    {
        var rule = new BetweenWindowsRule();
        var (a, _) = Pair();
        var closed = Change(LeakKinds.Fd, "40", "pipe:[7]", null);
        var facts = new Facts();
        facts.BetweenWindows.Add((closed.Key, "pipe:[7]"));
        Assert.Equal(VerdictKind.NotAFinding, rule.Judge(Closing(a, closed, facts: facts)).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, closed)).Kind);
    }

    [Fact]
    public void AppearedAlone_a_change_that_appeared_while_only_this_module_ran_is_its_own_and_a_thread_is_looked_at_again()
    {
        var rule = new AppearedAloneRule();
        var (a, b) = Pair();
        Assert.Equal(VerdictKind.Leak, rule.Judge(Closing(a, Change(LeakKinds.Umask, "umask", "0022", "0077"))).Kind);
        var thread = rule.Judge(Closing(a, Change(LeakKinds.Thread, "77", null, "leaky-native")));
        Assert.Equal(VerdictKind.Wait, thread.Kind);
        Assert.Empty(thread.Others);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Environ("X"), [b])).Kind);
    }

    [Fact]
    public void AppearedBeside_a_change_that_appeared_beside_neighbours_waits_for_them()
    {
        var rule = new AppearedBesideRule();
        var (a, b) = Pair();
        var verdict = rule.Judge(Closing(a, Environ("X"), [b]));
        Assert.Equal(VerdictKind.Wait, verdict.Kind);
        Assert.Equal([b], verdict.Others);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Environ("X"))).Kind);
    }

    [Fact]
    public void SeenByBoth_a_change_that_stayed_and_a_neighbour_saw_appear_too_is_contested()
    {
        var rule = new SeenByBothRule();
        var (a, b) = Pair();
        var change = Environ("X");
        b.Seen[change.Key] = "1";
        Assert.Equal(VerdictKind.Contested, rule.Judge(Settling(a, change, [b], NoFacts)).Kind);
        b.Seen.Clear();
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Settling(a, change, [b], NoFacts)).Kind);
    }

    [Fact]
    public void Stayed_a_held_change_that_stayed_and_no_neighbour_saw_appear_is_the_modules()
    {
        var rule = new StayedRule();
        var (a, b) = Pair();
        Assert.Equal(VerdictKind.Leak, rule.Judge(Settling(a, Environ("X"), [b], NoFacts)).Kind);
        Assert.Equal(VerdictKind.Undecided, rule.Judge(Closing(a, Environ("X"))).Kind);
    }

    [Fact]
    public void The_rules_decide_every_case_and_a_conftest_change_gets_the_same_verdict_from_either_window()
    {
        var (a, b) = Pair();
        foreach (var window in new[] { a, b })
        {
            window.Notes.Add(Note("environ:MYPYPATH", TouchNote.Code, "tests/conftest.py:21", "/src", "import"));
        }
        var change = Environ("MYPYPATH", "/src");
        a.Closed = b.Closed = true;
        Assert.Equal(VerdictKind.CodeEffect, AttributionRules.Judge(Closing(a, change, [b])).Kind);
        Assert.Equal(VerdictKind.CodeEffect, AttributionRules.Judge(Closing(b, change, [a])).Kind);
        Assert.Equal(VerdictKind.CodeEffect, AttributionRules.Judge(Closing(a, change)).Kind);
        a.Closed = b.Closed = false;
        // A neighbour's subprocess pipes, made by shared code and still open: the neighbour's to report, not this module's.
        b.Notes.Add(Note(Touches.Pipe, TouchNote.Code, "test/support/script_helper.py:148", "9=pipe:[5],10=pipe:[5]"));
        var pipe = Fd(9, "pipe:[5]");
        var verdict = AttributionRules.Judge(Closing(a, pipe, [b], new Facts { RuntimeMakesPipes = true }));
        Assert.Equal((VerdictKind.NotAFinding, "code-effect"), (verdict.Kind, verdict.Rule));
        // Nothing known about it: the window rules decide, in closing and in settling.
        Assert.Equal(VerdictKind.Wait, AttributionRules.Judge(Closing(a, Environ("OTHER"), [b])).Kind);
        var stayed = new Facts();
        stayed.Now[new StateKey(LeakKinds.Environ, "OTHER")] = "1";
        Assert.Equal("stayed", AttributionRules.Judge(Settling(a, Environ("OTHER"), [b], stayed)).Rule);
        Assert.Equal(AttributionRules.All.Count, AttributionRules.All.Select(rule => rule.Name).Distinct().Count());
    }
}
