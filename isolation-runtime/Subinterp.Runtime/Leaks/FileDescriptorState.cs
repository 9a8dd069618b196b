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

    private const string LeftOpen = " left open: ";
    private const string Reused = " (the number was reused: it pointed to ";

    protected override LeakFinding Describe(string name, string? before, string? after) => new(Kind,
        before is null ? $"fd {name}{LeftOpen}{after}"
        : after is null ? $"fd {name} closed (was {before})"
        // A number that points elsewhere was closed and reused: what is open now is what was left open
        // (the earlier file was often a neighbour's import reading a .pyc at that moment).
        : $"fd {name}{LeftOpen}{after}{Reused}{before} before)");

    /// <summary>
    /// What a descriptor left open points to, from its finding's words: without the number, and
    /// without what the number pointed to before (that depends on what a neighbour was reading at
    /// the moment the window opened, so it differs between runs). Null for a closed descriptor.
    /// </summary>
    public static string? LeftOpenTarget(string detail)
    {
        var start = detail.IndexOf(LeftOpen, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        var target = detail[(start + LeftOpen.Length)..];
        var reused = target.LastIndexOf(Reused, StringComparison.Ordinal);
        return reused < 0 ? target : target[..reused];
    }
}
