using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// One kind of process state read at one moment, as named items with text values; subclasses read
/// it and say how a change of one item reads.
/// </summary>
internal abstract class KeyedState(string kind, IReadOnlyDictionary<string, string> items)
{
    public string Kind { get; } = kind;

    public IReadOnlyDictionary<string, string> Items { get; } = items;

    /// <summary>The finding a change of one item makes, or null when such a change is no finding (a thread that ended).</summary>
    protected abstract LeakFinding? Describe(string name, string? before, string? after);

    public IEnumerable<ObservedChange> Changes(KeyedState before)
    {
        foreach (var change in StateDiff.Changes(before.Items, Items, NumbersFirstOrder.Instance))
        {
            var was = change.Existed ? change.Before : null;
            var now = change.Exists ? change.After : null;
            if (Describe(change.Key, was, now) is { } finding)
            {
                yield return new ObservedChange(new StateKey(Kind, change.Key), was, now, finding);
            }
        }
    }

    public IEnumerable<LeakFinding> ChangesSince(KeyedState before) => Changes(before).Select(change => change.Finding);
}
