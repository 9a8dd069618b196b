namespace Subinterp.Runtime.Leaks;

/// <summary>
/// One module's stretch of time in a worker, from just before its interpreter is created to just
/// after it has ended: what the process looked like at its start, which other modules' windows
/// overlapped it, what its interpreter was seen doing, and what it saw change.
/// </summary>
internal sealed class ModuleWindow(int slot, int seq)
{
    public int Slot { get; } = slot;
    public int Seq { get; } = seq;
    public ProcessSnapshot Before { get; set; } = null!;

    /// <summary>The id of the module's interpreter once created: extension inits in it are recorded against this window.</summary>
    public long? InterpreterId { get; set; }

    /// <summary>What this module's interpreter was seen doing to shared state, and by whose code (see <see cref="TouchNote"/>).</summary>
    public List<TouchNote> Notes { get; } = [];

    /// <summary>Windows of other modules that were open at some moment while this one was.</summary>
    public HashSet<ModuleWindow> Overlappers { get; } = [];

    public bool Closed { get; set; }

    /// <summary>The look at the process taken as it closed (<see cref="ValueSightings.Observations"/>).</summary>
    public long ClosedAtObservation { get; set; }

    /// <summary>For each descriptor open as this window began, the windows open when its value was first read.</summary>
    public Dictionary<StateKey, IReadOnlyList<ModuleWindow>> BeganWith { get; } = [];

    /// <summary>Every item that differed at the end of this window, with its value then (null: gone).</summary>
    public Dictionary<StateKey, string?> Seen { get; set; } = [];

    /// <summary>Changes that wait before anyone is blamed: for the other windows open when they appeared to end, or for a later look at the process.</summary>
    public List<PendingChange> Pending { get; } = [];

    /// <summary>The notes that say this window's interpreter made the change (<see cref="Touches.Made"/>).</summary>
    public IEnumerable<TouchNote> NotesMaking(ObservedChange change) => Notes.Where(note => Touches.Made(note, change));

    /// <summary>Whether this window's interpreter had an os.fork() refused.</summary>
    public bool ForkRefused => Notes.Any(note => note.Touch == Touches.ForkRefused);

    public bool Waiting => Pending.Any(pending => pending.Waiting);
}

/// <summary>
/// A change one window saw that waits before it is judged: while <paramref name="Others"/> are
/// open (any of them may have made it), or, with none, until the process has been read once more
/// (a thread that was ending as the interpreter ended).
/// </summary>
internal sealed record PendingChange(ObservedChange Change, IReadOnlyList<ModuleWindow> Others)
{
    /// <summary>A later read of the process has been taken since (for a change that waits for one).</summary>
    public bool LookedAgain { get; set; }

    public bool Waiting => Others.Count == 0 ? !LookedAgain : Others.Any(other => !other.Closed);
}
