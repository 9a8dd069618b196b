using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Leaks.Attribution;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Process-level leak detection for one worker: every module's window is read before its
/// interpreter is created and after it has ended, and each change is judged by the ordered rules
/// of <see cref="AttributionRules"/> from what the worker knows, rather than by running the module
/// again: what each interpreter's code was seen doing (<see cref="TouchNote"/>: which file and line
/// set a variable, opened a file, made a pipe, set a handler or a limit, had a fork refused), which
/// extension initialisations changed what (<see cref="ExtensionEffects"/>), which slot started a
/// thread, which windows were open when a value first appeared. A change that cannot be decided
/// yet waits, without holding any slot: for the neighbours that may have made it to end (settled
/// when the last of them closes its window), or for a later look at the process (a thread still
/// leaving the kernel's task list: <see cref="Look"/>, taken in the background). The worker's own
/// descriptors (its socket, the slot pipes, the fault log) are adopted once the worker is set up
/// and never count.
/// </summary>
internal sealed class ProcessLeakMonitor(bool runtimeMakesPipes) : IAttributionFacts
{
    private readonly Lock _lock = new();
    private readonly List<ModuleWindow> _open = [];
    private readonly List<ModuleWindow> _waiting = [];
    private readonly ValueSightings _sightings = new();
    private IReadOnlySet<int> _workerFds = new HashSet<int>();
    private ProcessSnapshot? _now;

    /// <summary>Under CoreCLR (the managed worker) every runtime thread start opens a pipe; under Native AOT nothing does.</summary>
    public ProcessLeakMonitor()
        : this(Interop.ManagedRuntime.IsCoreClr)
    {
    }

    public IReadOnlySet<int> WorkerFds => _workerFds;

    public ExtensionEffects Effects { get; } = new();

    public bool RuntimeMakesPipes { get; } = runtimeMakesPipes;

    public IReadOnlyList<string> RuntimeFolders { get; } = runtimeMakesPipes
        ? [.. new[] { System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), AppContext.BaseDirectory }
            .Where(folder => folder.Length > 0).Select(folder => Path.TrimEndingDirectorySeparator(folder) + "/").Distinct(StringComparer.Ordinal)]
        : [];

    public bool SlotsOwnTheirDirectory => SlotFileSystem.PerSlot;

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
    /// neighbour's interpreter was seen doing meanwhile (its chdir into a temporary folder). An
    /// extension whose init changed the process before, initialising again without a change (the
    /// values are in place already), is noted too: every module whose interpreter made the effect
    /// is named, whichever saw it first.
    /// </summary>
    /// <returns>Whether the process changed between the two reads at all (a change a neighbour made counts: the init was not clean to judge).</returns>
    public bool RecordEffect(ExtensionInit init, ProcessSnapshot before, ProcessSnapshot after, ModuleWindow? window)
    {
        var changes = after.Changes(before);
        if (changes.Count == 0)
        {
            return Effects.RecordRepeat(init, window);
        }
        lock (_lock)
        {
            // A descriptor closed meanwhile is never an init's doing: a neighbour closed its own.
            changes = [.. changes.Where(change => !(change.Key.Kind == LeakKinds.Fd && change.After is null)
                && !_open.Any(other => other != window && other.NotesMaking(change).Any()))];
        }
        if (changes.Count > 0)
        {
            Effects.Record(init, changes, window);
        }
        return true;
    }

    /// <summary>Records what a module's interpreter was seen doing (from its audit hook).</summary>
    public void Touch(ModuleWindow window, string note)
    {
        lock (_lock)
        {
            window.Notes.Add(TouchNote.Parse(note));
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
            // Read now, while each value is the newest of its item: a descriptor number a neighbour
            // churns (a server's accepted sockets) pushes older values out of the sightings' history.
            foreach (var (key, value) in window.Before.Items.Where(item => item.Key.Kind == LeakKinds.Fd))
            {
                window.BeganWith[key] = _sightings.OpenWhenFirstSeen(key, value);
            }
        }
        return window;
    }

    /// <summary>
    /// Closes a module's window after its interpreter has ended: what it changed, and the verdicts
    /// of earlier windows that waited for this one. <paramref name="judge"/> false: the module's own
    /// changes are not judged (its interpreter could not be created, or was abandoned), but what it
    /// saw change is still kept for the neighbours that wait for it (<see cref="ModuleWindow.Seen"/>).
    /// </summary>
    public WindowClose Close(ModuleWindow window, bool judge = true)
    {
        lock (_lock)
        {
            var after = Observe(opening: null);
            window.ClosedAtObservation = _sightings.Observations;
            // Effects first: one that did not last was a neighbour's change, and must not excuse anything.
            var effects = Effects.Conclude(window, after);
            var changes = after.Changes(window.Before);
            _open.Remove(window);
            window.Closed = true;
            // What it saw appear, judged or not: a neighbour's change that waited for this window is
            // contested when this one saw it too. An abandoned interpreter's threads run on after its
            // window closes; with nothing seen here, the neighbour's window was the only one that saw
            // them, and they were taken for its own leak.
            window.Seen = changes.ToDictionary(change => change.Key, change => change.After);

            var own = new Judgement();
            foreach (var change in judge ? changes : [])
            {
                var suspects = _sightings.OpenWhenFirstSeen(change.Key, change.After).Where(other => other != window).ToList();
                if (change.Key.Kind == LeakKinds.Fd && change.After is not null)
                {
                    // A number and target read at two looks may be two descriptors: numbers are reused
                    // at once (lowest free first), and every interpreter's start lists folders of its
                    // import path for a moment. So whoever is open now may hold the one seen now.
                    suspects.AddRange(_open.Where(other => other != window && !suspects.Contains(other)));
                }
                own.Apply(change, AttributionRules.Judge(new AttributionCase(window, change, AttributionPhase.Closing, suspects, this)), window);
            }
            if (window.Pending.Count > 0)
            {
                _waiting.Add(window);
            }
            var settled = SettleReady(after);
            var mine = settled.FirstOrDefault(settlement => settlement.Window == window);
            if (mine is not null)
            {
                settled.Remove(mine);
                own.Add(mine.Confirmed);
                own.Contested.AddRange(mine.Contested);
                own.CodeEffects.AddRange(mine.CodeEffects);
            }
            own.CodeEffects.AddRange(SharedCodeNotes(window));
            return new WindowClose(own.Leaks, own.Contested,
                window.Waiting ? [.. window.Pending.Select(pending => pending.Change.Finding)] : [], settled, effects, own.CodeEffects);
        }
    }

    /// <summary>The module windows with a change that waits for a later look at the process (a thread that may be ending).</summary>
    public IReadOnlyList<(ModuleWindow Window, IReadOnlyList<int> Threads)> AwaitingLook()
    {
        lock (_lock)
        {
            var awaiting = new List<(ModuleWindow Window, IReadOnlyList<int> Threads)>();
            foreach (var window in _waiting)
            {
                var looks = window.Pending.Where(pending => pending.Others.Count == 0 && !pending.LookedAgain).ToList();
                if (looks.Count > 0)
                {
                    awaiting.Add((window, [.. looks
                        .Where(pending => pending.Change.Key.Kind == LeakKinds.Thread)
                        .Select(pending => int.TryParse(pending.Change.Key.Name, out var tid) ? tid : 0)
                        .Where(tid => tid > 0)]));
                }
            }
            return awaiting;
        }
    }

    /// <summary>
    /// A later look at the process: every change that waited for one is judged now against what is
    /// there (the background settler calls it once the threads it waited for have ended, or after
    /// its bound). The verdicts of the windows that are no longer waiting for anything.
    /// </summary>
    public IReadOnlyList<WindowSettlement> Look()
    {
        lock (_lock)
        {
            var now = Observe(opening: null);
            foreach (var pending in _waiting.SelectMany(window => window.Pending).Where(pending => pending.Others.Count == 0))
            {
                pending.LookedAgain = true;
            }
            return SettleReady(now);
        }
    }

    private List<WindowSettlement> SettleReady(ProcessSnapshot now)
    {
        var settled = new List<WindowSettlement>();
        foreach (var ready in _waiting.Where(waiting => !waiting.Waiting).ToList())
        {
            _waiting.Remove(ready);
            settled.Add(Settle(ready, now));
        }
        return settled;
    }

    private WindowSettlement Settle(ModuleWindow window, ProcessSnapshot now)
    {
        _now = now;
        try
        {
            var judgement = new Judgement();
            foreach (var pending in window.Pending)
            {
                var verdict = AttributionRules.Judge(new AttributionCase(window, pending.Change, AttributionPhase.Settling, pending.Others, this));
                // Nothing waits twice: what is still undecided now only a run alone can tell.
                judgement.Apply(pending.Change, verdict.Kind == VerdictKind.Wait ? verdict with { Kind = VerdictKind.Contested } : verdict, window);
            }
            window.Pending.Clear();
            return new WindowSettlement(window, window.Seq, judgement.Leaks, judgement.Contested, judgement.CodeEffects);
        }
        finally
        {
            _now = null;
        }
    }

    /// <summary>
    /// What code under test other than the module set in this module's interpreter (a conftest's
    /// variable, a package's handler), whether or not the change showed in this window: the report
    /// names every module whose interpreter made a code effect, and says whether they all made it alike.
    /// </summary>
    private static IEnumerable<CodeEffectSeen> SharedCodeNotes(ModuleWindow window) => window.Notes
        .Where(note => note.IsSharedCode && Touches.KindOf(note.Touch) is not (LeakKinds.Fd or Touches.ForkRefused))
        .Distinct()
        .Select(note => new CodeEffectSeen(note, null));

    private ProcessSnapshot Observe(ModuleWindow? opening)
    {
        var snapshot = ProcessSnapshot.Capture(_workerFds);
        _sightings.Observe(snapshot.Items, _open, opening);
        return snapshot;
    }

    string? IAttributionFacts.ExtensionExplaining(ObservedChange change) => Effects.Explaining(change);

    IReadOnlyList<ModuleWindow> IAttributionFacts.OpenWhenFirstSeen(StateKey key, string? value) => _sightings.OpenWhenFirstSeen(key, value);

    bool IAttributionFacts.FirstSeenBetweenWindows(StateKey key, string? value) => _sightings.FirstSeenBetweenWindows(key, value);

    string? IAttributionFacts.Current(StateKey key) => _now?.Items.GetValueOrDefault(key);

    bool IAttributionFacts.ChangedSince(StateKey key, long observation) => _sightings.ChangedSince(key, observation);

    /// <summary>The verdicts on one window's changes, sorted by what they mean for the module.</summary>
    private sealed class Judgement
    {
        private readonly List<LeakFinding> _leaks = [];
        private readonly Dictionary<string, List<ObservedChange>> _caused = new(StringComparer.Ordinal);

        /// <summary>
        /// The module's leaks; those with a named cause (the descriptors a refused os.fork() left)
        /// are one finding per cause, in words that are the same on every run (no descriptor numbers).
        /// </summary>
        public List<LeakFinding> Leaks => [.. _leaks, .. _caused.Select(caused => new LeakFinding(caused.Value[0].Key.Kind,
            $"{caused.Value.Count} descriptor{(caused.Value.Count == 1 ? "" : "s")} ({Targets(caused.Value)}) {caused.Key}"))];

        public List<LeakFinding> Contested { get; } = [];
        public List<CodeEffectSeen> CodeEffects { get; } = [];

        public void Add(IEnumerable<LeakFinding> leaks) => _leaks.AddRange(leaks);

        public void Apply(ObservedChange change, AttributionVerdict verdict, ModuleWindow window)
        {
            switch (verdict.Kind)
            {
                case VerdictKind.Leak when verdict.Cause is { } cause:
                    (_caused.TryGetValue(cause, out var same) ? same : _caused[cause] = []).Add(change);
                    break;
                case VerdictKind.Leak:
                    _leaks.Add(change.Finding);
                    break;
                case VerdictKind.CodeEffect:
                    CodeEffects.Add(new CodeEffectSeen(verdict.Site!, change.Finding));
                    break;
                case VerdictKind.Wait:
                    window.Pending.Add(new PendingChange(change, verdict.Others));
                    break;
                case VerdictKind.Contested:
                    Contested.Add(change.Finding);
                    break;
            }
        }

        // "pipes", "files": what the descriptors point to, without numbers.
        private static string Targets(List<ObservedChange> changes) => string.Join(", ", changes
            .Select(change => change.After is { } target && target.Contains(":[", StringComparison.Ordinal) ? target[..target.IndexOf(':')] + "s" : "files")
            .Distinct(StringComparer.Ordinal));
    }
}

/// <summary>
/// A change made by code under test other than the module (at <see cref="Site"/>), seen in one
/// module's interpreter: <see cref="Change"/> is what the window saw change, or null when the
/// interpreter made it but the process already was that way (an earlier interpreter made it).
/// </summary>
internal sealed record CodeEffectSeen(TouchNote Site, LeakFinding? Change);

/// <summary>What closing a window found for its own module, and the verdicts of earlier windows that were waiting for it.</summary>
/// <param name="Leaks">This module's leaks, decided now.</param>
/// <param name="Contested">Changes this module and a neighbour both saw appear and that stayed: only a run alone can tell whose.</param>
/// <param name="Pending">Changes held until the neighbours open now have ended, or until a later look (their verdict comes in a later <see cref="WindowSettlement"/>).</param>
/// <param name="Effects">Extension initialisations in this module's interpreter that changed the process, and what they changed.</param>
/// <param name="CodeEffects">What code under test other than the module changed, or set again, in this module's interpreter.</param>
internal sealed record WindowClose(IReadOnlyList<LeakFinding> Leaks, IReadOnlyList<LeakFinding> Contested, IReadOnlyList<LeakFinding> Pending,
    IReadOnlyList<WindowSettlement> Settled, IReadOnlyList<(ExtensionInit Init, IReadOnlyList<LeakFinding> Changes, bool Repeat)> Effects,
    IReadOnlyList<CodeEffectSeen> CodeEffects);

/// <summary>The verdict on an earlier window's held changes, once every neighbour it waited for has ended (or the later look was taken).</summary>
internal sealed record WindowSettlement(ModuleWindow Window, int Seq, IReadOnlyList<LeakFinding> Confirmed, IReadOnlyList<LeakFinding> Contested,
    IReadOnlyList<CodeEffectSeen> CodeEffects);
