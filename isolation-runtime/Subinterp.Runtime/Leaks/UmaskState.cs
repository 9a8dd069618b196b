using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// The file-creation mask. Read from /proc/self/status (Linux 4.7+) because umask() can only be
/// read by setting it, which would race with the other slots' tests.
/// </summary>
internal sealed record UmaskState(int? Mask)
{
    public static UmaskState Capture()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Umask:", StringComparison.Ordinal))
                {
                    return new UmaskState(Convert.ToInt32(line["Umask:".Length..].Trim(), 8));
                }
            }
        }
        catch (IOException)
        {
            // No procfs: the umask is not checked.
        }
        return new UmaskState((int?)null);
    }

    public IEnumerable<LeakFinding> ChangesSince(UmaskState before)
    {
        if (Mask is { } now && before.Mask is { } old && now != old)
        {
            yield return new LeakFinding(LeakKinds.Umask, $"umask changed from {Octal(old)} to {Octal(now)}");
        }
    }

    private static string Octal(int mask) => Convert.ToString(mask, 8).PadLeft(4, '0');
}
