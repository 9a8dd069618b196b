using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Open file descriptors other than 0-2 (see <see cref="StdioState"/>) and the worker's own
/// (its socket, the slot pipes, logs): a descriptor a module leaves open outlives its interpreter.
/// </summary>
internal sealed class FileDescriptorState
{
    private readonly SortedDictionary<int, string> _open;

    private FileDescriptorState(SortedDictionary<int, string> open) => _open = open;

    public int Count => _open.Count;

    public static FileDescriptorState Capture(IReadOnlySet<int> workerFds)
    {
        var open = FileDescriptorTable.Read();
        foreach (var fd in open.Keys.Where(fd => fd <= 2 || workerFds.Contains(fd)).ToList())
        {
            open.Remove(fd);
        }
        return new FileDescriptorState(open);
    }

    /// <summary>The descriptors open with the same target in both: what was not just passing through.</summary>
    public FileDescriptorState Intersect(FileDescriptorState other) => new(new SortedDictionary<int, string>(
        _open.Where(pair => other._open.TryGetValue(pair.Key, out var target) && target == pair.Value).ToDictionary()));

    public IEnumerable<LeakFinding> ChangesSince(FileDescriptorState before) =>
        StateDiff.Changes(before._open, _open).Select(c => new LeakFinding(LeakKinds.Fd,
            !c.Existed ? $"fd {c.Key} left open: {c.After}"
            : !c.Exists ? $"fd {c.Key} closed (was {c.Before})"
            : $"fd {c.Key} now points to {c.After} (was {c.Before})"));
}
