using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// The reading thread's file-creation mask: a slot's own (Interop/SlotFileSystem). Read from
/// /proc/thread-self/status (Linux 4.7+) because umask() can only be read by setting it, which
/// would race with the threads the module started.
/// </summary>
internal sealed class UmaskState(IReadOnlyDictionary<string, string> mask) : KeyedState(LeakKinds.Umask, mask)
{
    private const string Name = "umask";

    public static UmaskState Capture()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/thread-self/status"))
            {
                if (line.StartsWith("Umask:", StringComparison.Ordinal))
                {
                    var mask = Convert.ToInt32(line["Umask:".Length..].Trim(), 8);
                    return new UmaskState(new Dictionary<string, string> { [Name] = Convert.ToString(mask, 8).PadLeft(4, '0') });
                }
            }
        }
        catch (IOException)
        {
            // No procfs: the umask is not checked.
        }
        return new UmaskState(new Dictionary<string, string>());
    }

    protected override LeakFinding? Describe(string name, string? before, string? after) => before is null || after is null
        ? null
        : new LeakFinding(Kind, $"umask changed from {before} to {after}");
}
