using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Open file descriptors other than 0-2 (see <see cref="StdioState"/>) and the worker's own
/// (its socket, the slot pipes, logs): a descriptor a module leaves open outlives its interpreter.
/// Named by number; the value is what it points to.
/// </summary>
internal sealed class FileDescriptorState(IReadOnlyDictionary<string, string> open) : KeyedState(LeakKinds.Fd, open)
{
    public int Count => Items.Count;

    public static FileDescriptorState Capture(IReadOnlySet<int> workerFds, IReadOnlySet<int>? ownForAMoment = null) => new(FileDescriptorTable.Read()
        .Where(pair => pair.Key > 2 && !workerFds.Contains(pair.Key) && ownForAMoment?.Contains(pair.Key) != true)
        .ToDictionary(pair => pair.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), pair => pair.Value, StringComparer.Ordinal));

    protected override LeakFinding Describe(string name, string? before, string? after) => new(Kind,
        before is null ? $"fd {name} left open: {after}"
        : after is null ? $"fd {name} closed (was {before})"
        // A number that points elsewhere was closed and reused: what is open now is what was left open
        // (the earlier file was often a neighbour's import reading a .pyc at that moment).
        : $"fd {name} left open: {after} (the number was reused: it pointed to {before} before)");
}
