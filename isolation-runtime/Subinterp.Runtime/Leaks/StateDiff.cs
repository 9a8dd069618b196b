namespace Subinterp.Runtime.Leaks;

/// <summary>One key of a keyed state that differs between two reads: appeared, changed or gone.</summary>
internal readonly record struct StateChange<TKey, TValue>(TKey Key, bool Existed, TValue Before, bool Exists, TValue After);

/// <summary>Compares two reads of a keyed state (variables, descriptors, signals, limits...), in key order.</summary>
internal static class StateDiff
{
    public static IEnumerable<StateChange<TKey, TValue>> Changes<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> before, IReadOnlyDictionary<TKey, TValue> after,
        IComparer<TKey>? order = null)
        where TKey : notnull
    {
        // Only the keys that differ are put in order: the worker reads the process around every
        // extension's initialisation (some 60 per pytest module), nearly always to find nothing.
        var differing = new List<TKey>();
        foreach (var (key, old) in before)
        {
            if (!after.TryGetValue(key, out var now) || !EqualityComparer<TValue>.Default.Equals(old, now))
            {
                differing.Add(key);
            }
        }
        foreach (var key in after.Keys)
        {
            if (!before.ContainsKey(key))
            {
                differing.Add(key);
            }
        }
        if (differing.Count == 0)
        {
            yield break;
        }
        differing.Sort(order ?? Comparer<TKey>.Default);
        foreach (var key in differing)
        {
            var existed = before.TryGetValue(key, out var old);
            var exists = after.TryGetValue(key, out var now);
            yield return new StateChange<TKey, TValue>(key, existed, old!, exists, now!);
        }
    }
}

/// <summary>Names in number order where both are numbers (descriptors, thread ids), else in ordinal order.</summary>
internal sealed class NumbersFirstOrder : IComparer<string>
{
    public static readonly NumbersFirstOrder Instance = new();

    public int Compare(string? x, string? y) =>
        int.TryParse(x, out var a) && int.TryParse(y, out var b) ? a.CompareTo(b) : string.CompareOrdinal(x, y);
}
