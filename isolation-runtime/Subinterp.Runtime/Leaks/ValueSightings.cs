namespace Subinterp.Runtime.Leaks;

/// <summary>
/// For every item of the process state, the module windows that were open when its current value
/// (or its absence) was first read, and the same for a few values before it. A value first read
/// while only module A's window was open appeared during A alone; one first read while B's was
/// open too may be B's. The window whose opening read this is does not count: that value was there
/// before it began.
/// </summary>
internal sealed class ValueSightings
{
    private const int HistoryDepth = 4;

    private sealed record Sighting(string? Value, IReadOnlyList<ModuleWindow> OpenAt, bool AtOpening, long At);

    // Most recent first.
    private readonly Dictionary<StateKey, List<Sighting>> _history = [];

    /// <summary>How many looks at the process were taken so far.</summary>
    public long Observations { get; private set; }

    public void Observe(IReadOnlyDictionary<StateKey, string> items, IReadOnlyCollection<ModuleWindow> open, ModuleWindow? opening)
    {
        var at = ++Observations;
        var openAt = open.Where(window => window != opening).ToList();
        foreach (var (key, value) in items)
        {
            if (!_history.TryGetValue(key, out var history))
            {
                _history[key] = [new Sighting(value, openAt, opening is not null, at)];
            }
            else if (history[0].Value != value)
            {
                Push(history, new Sighting(value, openAt, opening is not null, at));
            }
        }
        foreach (var (key, history) in _history.Where(pair => !items.ContainsKey(pair.Key)).ToList())
        {
            if (history[0].Value is not null)
            {
                Push(history, new Sighting(null, openAt, opening is not null, at));
            }
            else if (openAt.Count == 0 && history.All(sighting => sighting.OpenAt.All(window => window.Closed)))
            {
                _history.Remove(key); // gone, and no window left that could ask about it
            }
        }
    }

    /// <summary>The windows open when <paramref name="value"/> (null: absence) of the item was first read; empty when unknown.</summary>
    public IReadOnlyList<ModuleWindow> OpenWhenFirstSeen(StateKey key, string? value) =>
        _history.GetValueOrDefault(key)?.FirstOrDefault(sighting => sighting.Value == value)?.OpenAt ?? [];

    /// <summary>
    /// True when the value was first read as a window opened: it appeared between module windows,
    /// where no module code runs (a pipe the .NET runtime opens for a moment when it starts a thread).
    /// </summary>
    public bool FirstSeenBetweenWindows(StateKey key, string? value) =>
        _history.GetValueOrDefault(key)?.FirstOrDefault(sighting => sighting.Value == value)?.AtOpening == true;

    /// <summary>Whether the item's value changed (appeared, went away, or took another value) at a look after <paramref name="observation"/>.</summary>
    public bool ChangedSince(StateKey key, long observation) =>
        _history.GetValueOrDefault(key) is [var newest, ..] && newest.At > observation;

    private static void Push(List<Sighting> history, Sighting sighting)
    {
        history.Insert(0, sighting);
        if (history.Count > HistoryDepth)
        {
            history.RemoveAt(history.Count - 1);
        }
    }
}
