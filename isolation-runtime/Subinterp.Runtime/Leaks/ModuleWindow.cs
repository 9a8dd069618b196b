namespace Subinterp.Runtime.Leaks;

/// <summary>
/// One module's stretch of time in a worker, from just before its interpreter is created to just
/// after it has ended: what the process looked like at its start, which other modules' windows
/// overlapped it, and what it saw change.
/// </summary>
internal sealed class ModuleWindow(int slot, int seq)
{
    public int Slot { get; } = slot;
    public int Seq { get; } = seq;
    public ProcessSnapshot Before { get; set; } = null!;

    /// <summary>The id of the module's interpreter once created: extension inits in it are recorded against this window.</summary>
    public long? InterpreterId { get; set; }

    /// <summary>What this module's interpreter was seen doing to shared state (see <see cref="Touches"/>).</summary>
    public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

    /// <summary>Windows of other modules that were open at some moment while this one was.</summary>
    public HashSet<ModuleWindow> Overlappers { get; } = [];

    public bool Closed { get; set; }

    /// <summary>Every item that differed at the end of this window, with its value then (null: gone).</summary>
    public Dictionary<StateKey, string?> Seen { get; set; } = [];

    /// <summary>Changes that wait for the other windows open when they appeared to end before anyone is blamed.</summary>
    public List<PendingChange> Pending { get; } = [];

    public bool Waiting => Pending.Count > 0 && Pending.Any(p => p.Others.Any(other => !other.Closed));
}

/// <summary>A change one window saw while <paramref name="Others"/> were open too: any of them may have made it.</summary>
internal sealed record PendingChange(ObservedChange Change, IReadOnlyList<ModuleWindow> Others);
