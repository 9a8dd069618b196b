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

    public IEnumerable<LeakFinding> ChangesSince(FileDescriptorState before)
    {
        foreach (var (fd, target) in _open)
        {
            if (!before._open.TryGetValue(fd, out var old))
            {
                yield return new LeakFinding(LeakKinds.Fd, $"fd {fd} left open: {target}");
            }
            else if (old != target)
            {
                yield return new LeakFinding(LeakKinds.Fd, $"fd {fd} now points to {target} (was {old})");
            }
        }
        foreach (var (fd, old) in before._open.Where(pair => !_open.ContainsKey(pair.Key)))
        {
            yield return new LeakFinding(LeakKinds.Fd, $"fd {fd} closed (was {old})");
        }
    }
}
