using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Process-level leak detection for one worker: every module's window is read before its
/// interpreter is created and after it has ended, and what changed is attributed using what the
/// worker knows rather than by running the module again:
/// <list type="bullet">
/// <item>changes the framework makes by design (pytest's variables) and extension modules'
/// initialisations (<see cref="ExtensionEffects"/>) are nobody's leak;</item>
/// <item>the current directory and umask are each slot's own (<see cref="Interop.SlotFileSystem"/>):
/// a change of them read on the slot's thread is its module's;</item>
/// <item>a new thread named after another slot was started by that slot's module;</item>
/// <item>a value that was already there when the window opened and that appeared while a neighbour
/// ran (its temporary setting, its descriptor) is the neighbour's to change or close; a descriptor
/// that appeared between module windows is the runtime's (.NET opens a pipe for a moment whenever
/// it starts a thread);</item>
/// <item>a value that first appeared while only this window was open is this module's, and so is
/// one that only this module's interpreter was seen making (its audit hook noted the putenv,
/// chdir, setrlimit or open: <see cref="Touches"/>), unless a neighbour still running was seen
/// opening the same file: a descriptor's number can be reused unseen, so that one waits;</item>
/// <item>one that appeared while neighbours were open too is held until they have all ended: if it
/// is gone by then it was theirs (a descriptor closed, a variable restored, a thread joined); if it
/// is still there and no neighbour saw it appear it is this module's; if a neighbour saw it appear
/// too, it is contested, and only then does the module need a run alone to tell.</item>
/// </list>
/// The worker's own descriptors (its socket, the slot pipes, the fault log) are adopted once the
/// worker is set up and never count.
/// </summary>
internal sealed class ProcessLeakMonitor
{
    // A thread that a test joined can still be leaving the kernel's task list, and a descriptor
    // can still be closing on another thread: such findings are re-read for a moment before they count.
    // A second, not 0.3: on a loaded machine (CI running test hosts side by side) the pipe the .NET
    // runtime holds while it starts a thread outlived 0.3 s once and was blamed on the module running.
    private const int SettleAttempts = 40;
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(25);

    private readonly Lock _lock = new();
    private readonly List<ModuleWindow> _open = [];
    private readonly List<ModuleWindow> _waiting = [];
    private readonly ValueSightings _sightings = new();
    private IReadOnlySet<int> _workerFds = new HashSet<int>();

    public IReadOnlySet<int> WorkerFds => _workerFds;

    public ExtensionEffects Effects { get; } = new();

    /// <summary>Marks every descriptor open now as the worker's own.</summary>
    public void AdoptOpenDescriptors() => _workerFds = FileDescriptorTable.Read().Keys.ToHashSet();

    /// <summary>The open window of the module whose interpreter has this id, or null.</summary>
    public ModuleWindow? WindowOf(long interpreterId)
    {
        lock (_lock)
        {
            return _open.FirstOrDefault(window => window.InterpreterId == interpreterId);
        }
    }

    /// <summary>
    /// Records what changed between two reads around an extension's initialisation in
    /// <paramref name="window"/>'s interpreter as that extension's effect, leaving out what a
    /// neighbour's interpreter was seen doing meanwhile (its chdir into a temporary folder).
    /// </summary>
    public void RecordEffect(ExtensionInit init, ProcessSnapshot before, ProcessSnapshot after, ModuleWindow? window)
    {
        var changes = after.Changes(before);
        if (changes.Count == 0)
        {
            return;
        }
        lock (_lock)
        {
            changes = [.. changes.Where(change => Touches.Of(change) is not { } touch
                || !_open.Any(other => other != window && other.Touched.Contains(touch)))];
        }
        Effects.Record(init, changes, window);
    }

    /// <summary>Records what a module's interpreter was seen doing (from its audit hook).</summary>
    public void Touch(ModuleWindow window, string note)
    {
        lock (_lock)
        {
            window.Touched.Add(Touches.Normalize(note));
        }
    }

    /// <summary>Opens a module's window: reads the process just before its interpreter is created.</summary>
    public ModuleWindow Open(int slot, int seq)
    {
        var window = new ModuleWindow(slot, seq);
        lock (_lock)
        {
            foreach (var other in _open)
            {
                other.Overlappers.Add(window);
                window.Overlappers.Add(other);
            }
            _open.Add(window);
            window.Before = Observe(opening: window);
        }
        return window;
    }

    /// <summary>
    /// Closes a module's window after its interpreter has ended: what it changed, and the verdicts of
    /// earlier windows that waited for this one. <paramref name="judge"/> false: the module's own
    /// changes are not judged (its interpreter could not be created, or was abandoned).
    /// </summary>
    public WindowClose Close(ModuleWindow window, bool judge = true)
    {
        if (judge)
        {
            WaitForOwnTransients(window);
        }
        lock (_lock)
        {
            var after = Observe(opening: null);
            // Effects first: one that did not last was a neighbour's change, and must not excuse anything.
            var effects = Effects.Conclude(window, after);
            var changes = judge ? after.Changes(window.Before) : [];
            _open.Remove(window);
            window.Closed = true;
            window.Seen = changes.ToDictionary(change => change.Key, change => change.After);

            var definite = new List<LeakFinding>();
            foreach (var change in changes)
            {
                if (Classify(window, change) is { } others)
                {
                    if (others.Count == 0)
                    {
                        definite.Add(change.Finding);
                    }
                    else
                    {
                        window.Pending.Add(new PendingChange(change, others));
                    }
                }
            }
            if (window.Pending.Count > 0)
            {
                _waiting.Add(window);
            }

            var settled = new List<WindowSettlement>();
            foreach (var ready in _waiting.Where(waiting => !waiting.Waiting).ToList())
            {
                _waiting.Remove(ready);
                settled.Add(Settle(ready, after));
            }
            var own = settled.FirstOrDefault(settlement => settlement.Seq == window.Seq && settlement.Window == window);
            if (own is not null)
            {
                settled.Remove(own);
                definite.AddRange(own.Confirmed);
            }
            return new WindowClose(
                definite,
                own?.Contested ?? [],
                window.Waiting ? [.. window.Pending.Select(pending => pending.Change.Finding)] : [],
                settled,
                effects);
        }
    }

    /// <summary>
    /// Null: the change is not this module's (the framework's, an extension's init, a neighbour's).
    /// Otherwise the other windows that may have made it: none means it is this module's.
    /// </summary>
    private IReadOnlyList<ModuleWindow>? Classify(ModuleWindow window, ObservedChange change)
    {
        if (FrameworkState.IsFrameworks(change.Key) || Effects.Explaining(change) is not null)
        {
            return null;
        }
        if (SlotFileSystem.PerSlot && change.Key.Kind is LeakKinds.Cwd or LeakKinds.Umask)
        {
            return []; // read on the slot's own thread, whose directory and umask no neighbour can change
        }
        if (FrameworkState.StartedBySlot(change) is { } slot)
        {
            return slot == window.Slot ? [] : null;
        }
        var candidates = _sightings.OpenWhenFirstSeen(change.Key, change.After).Where(other => other != window).ToList();
        if (TouchedBy(change, [window, .. candidates]) is { } toucher)
        {
            if (toucher != window)
            {
                return null;
            }
            // Its interpreter did it, by its own audit hook, unless a neighbour still running did the
            // same: a descriptor is known by its number and file only, and when the neighbour closed
            // its own one and this module opened the same file, the number was reused unseen
            // (pytest opens /dev/null in every session). Whose it is waits for the neighbour to end.
            return [.. window.Overlappers.Where(other => !other.Closed && SeenMaking(other, change))];
        }
        if (change.Before is not null
            && _sightings.OpenWhenFirstSeen(change.Key, change.Before).Any(other => other != window && window.Overlappers.Contains(other)))
        {
            return null; // a neighbour's value, changed back or closed while it still ran
        }
        if (change.Key.Kind == LeakKinds.Fd && change.Before is not null && _sightings.FirstSeenBetweenWindows(change.Key, change.Before))
        {
            return null; // the runtime's own descriptor, opened between modules, closed by its owner
        }
        return candidates;
    }

    /// <summary>The one window among <paramref name="candidates"/> whose interpreter was seen making this kind of change, or null.</summary>
    private static ModuleWindow? TouchedBy(ObservedChange change, IEnumerable<ModuleWindow> candidates)
    {
        var touchers = candidates.Where(candidate => SeenMaking(candidate, change)).Take(2).ToList();
        return touchers.Count == 1 ? touchers[0] : null;
    }

    /// <summary>Whether the window's interpreter was seen (by its audit hook) making this kind of change.</summary>
    private static bool SeenMaking(ModuleWindow window, ObservedChange change) =>
        Touches.Of(change) is { } touch && window.Touched.Contains(touch);

    /// <summary>
    /// A thread the module joined can still be leaving the kernel's task list, and a descriptor can
    /// still be closing on another thread: while a change of that kind would count as this module's
    /// own, it is re-read for a moment. (One a neighbour may have made waits for the neighbour anyway.)
    /// </summary>
    private void WaitForOwnTransients(ModuleWindow window)
    {
        for (var attempt = 0; attempt < SettleAttempts; attempt++)
        {
            var now = ProcessSnapshot.Capture(_workerFds);
            lock (_lock)
            {
                // With a neighbour open, a new descriptor or unnamed thread may be the neighbour's: it waits for the neighbour instead.
                var alone = _open.Count == 1;
                if (!now.Changes(window.Before).Any(change => IsTransient(change) && Classify(window, change) is { Count: 0 }
                        && (alone || FrameworkState.StartedBySlot(change) == window.Slot)))
                {
                    return;
                }
            }
            Thread.Sleep(SettleDelay);
        }
    }

    private WindowSettlement Settle(ModuleWindow window, ProcessSnapshot now)
    {
        var confirmed = new List<LeakFinding>();
        var contested = new List<LeakFinding>();
        foreach (var (change, others) in window.Pending)
        {
            now.Items.TryGetValue(change.Key, out var current);
            if (current != change.After || Effects.Explaining(change) is not null)
            {
                continue; // gone with the neighbour that held it, or an extension's init after all
            }
            if (TouchedBy(change, [window, .. others]) is { } toucher)
            {
                if (toucher == window)
                {
                    confirmed.Add(change.Finding);
                }
                continue;
            }
            var alsoSeen = others.Any(other => other.Seen.TryGetValue(change.Key, out var seen) && seen == change.After);
            (alsoSeen ? contested : confirmed).Add(change.Finding);
        }
        window.Pending.Clear();
        return new WindowSettlement(window, window.Seq, confirmed, contested);
    }

    private ProcessSnapshot Observe(ModuleWindow? opening)
    {
        var snapshot = ProcessSnapshot.Capture(_workerFds);
        _sightings.Observe(snapshot.Items, _open, opening);
        return snapshot;
    }

    private static bool IsTransient(ObservedChange change) => change.Key.Kind is LeakKinds.Thread or LeakKinds.Fd;
}

/// <summary>What closing a window found for its own module, and the verdicts of earlier windows that were waiting for it.</summary>
/// <param name="Leaks">This module's leaks, decided now.</param>
/// <param name="Contested">Changes this module and a neighbour both saw appear and that stayed: only a run alone can tell whose.</param>
/// <param name="Pending">Changes held until the neighbours open now have ended (their verdict comes in a later <see cref="WindowSettlement"/>).</param>
/// <param name="Effects">Extension initialisations in this module's interpreter that changed the process, and what they changed.</param>
internal sealed record WindowClose(IReadOnlyList<LeakFinding> Leaks, IReadOnlyList<LeakFinding> Contested, IReadOnlyList<LeakFinding> Pending,
    IReadOnlyList<WindowSettlement> Settled, IReadOnlyList<(ExtensionInit Init, IReadOnlyList<LeakFinding> Changes)> Effects);

/// <summary>The verdict on an earlier window's held changes, once every neighbour it waited for has ended.</summary>
internal sealed record WindowSettlement(ModuleWindow Window, int Seq, IReadOnlyList<LeakFinding> Confirmed, IReadOnlyList<LeakFinding> Contested);
