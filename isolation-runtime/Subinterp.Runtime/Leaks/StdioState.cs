using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>What fds 0, 1 and 2 point to: os.dup2 onto them redirects every interpreter's output.</summary>
internal sealed record StdioState(string Stdin, string Stdout, string Stderr)
{
    private const string Closed = "<closed>";

    public static StdioState Capture() => new(
        FileDescriptorTable.Target(0) ?? Closed, FileDescriptorTable.Target(1) ?? Closed, FileDescriptorTable.Target(2) ?? Closed);

    public IEnumerable<LeakFinding> ChangesSince(StdioState before)
    {
        foreach (var (fd, name, old, now) in new[] { (0, "stdin", before.Stdin, Stdin), (1, "stdout", before.Stdout, Stdout), (2, "stderr", before.Stderr, Stderr) })
        {
            if (old != now)
            {
                yield return new LeakFinding(LeakKinds.Stdio, now == Closed
                    ? $"fd {fd} ({name}) closed (was {old})"
                    : $"fd {fd} ({name}) now points to {now} (was {old})");
            }
        }
    }
}
