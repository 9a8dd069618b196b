using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>What fds 0, 1 and 2 point to: os.dup2 onto them redirects every interpreter's output.</summary>
internal sealed class StdioState(IReadOnlyDictionary<string, string> streams) : KeyedState(LeakKinds.Stdio, streams)
{
    private const string Closed = "<closed>";
    private static readonly string[] Names = ["stdin", "stdout", "stderr"];

    public string Stdin => Items["0"];

    public static StdioState Capture() => new(Enumerable.Range(0, 3).ToDictionary(
        fd => fd.ToString(System.Globalization.CultureInfo.InvariantCulture), fd => FileDescriptorTable.Target(fd) ?? Closed, StringComparer.Ordinal));

    protected override LeakFinding Describe(string name, string? before, string? after) => new(Kind, after == Closed
        ? $"fd {name} ({Names[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)]}) closed (was {before})"
        : $"fd {name} ({Names[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)]}) now points to {after} (was {before})");
}
