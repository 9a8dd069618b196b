using System.Globalization;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Enforces --memory-limit by sampling the worker's resident set from /proc and stopping it when
/// it grows past the limit. setrlimit(RLIMIT_AS) is not an option: the .NET runtime reserves far
/// more address space than it uses, and a failed malloc deep in C code would crash anyway.
/// </summary>
internal sealed class MemoryWatchdog(int limitMegabytes)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public bool Enabled => limitMegabytes > 0;

    /// <summary>Why the worker must be stopped, or null while it is within the limit.</summary>
    public string? Check(int pid)
    {
        if (!Enabled || ResidentMegabytes(pid) is not { } rss || rss <= limitMegabytes)
        {
            return null;
        }
        return $"out of memory (RSS {rss} MB > limit {limitMegabytes} MB)";
    }

    public static long? ResidentMegabytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kilobytes / 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }
        return null;
    }

    /// <summary>The default limit: half of this machine's memory, so a runaway test cannot take the machine down.</summary>
    /// <remarks>Read once: every RunOptions made (the configuration builder makes ~20 for one run) asked /proc again.</remarks>
    public static int DefaultLimitMegabytes() => s_defaultLimit.Value;

    private static readonly Lazy<int> s_defaultLimit = new(ReadDefaultLimit);

    private static int ReadDefaultLimit()
    {
        try
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null)
            {
                return (int)(long.Parse(total["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024 / 2);
            }
        }
        catch (IOException)
        {
            // No /proc: no default limit.
        }
        return 0;
    }
}
