using System.Globalization;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>Resource limits (getrlimit): resource.setrlimit in one interpreter limits the whole process. One item per soft and hard limit.</summary>
internal sealed class ResourceLimitState(IReadOnlyDictionary<string, string> limits) : KeyedState(LeakKinds.Rlimit, limits)
{
    private const ulong Infinity = ulong.MaxValue;

    private static readonly string[] Names =
    [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
        "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ];

    /// <summary>RLIMIT_X for a resource number, or the number.</summary>
    public static string NameOf(int resource) => resource >= 0 && resource < Names.Length ? Names[resource] : resource.ToString(CultureInfo.InvariantCulture);

    public static unsafe ResourceLimitState Capture()
    {
        var limits = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var resource = 0; resource < Names.Length; resource++)
        {
            LibC.RLimit limit;
            if (LibC.getrlimit(resource, &limit) == 0)
            {
                limits[$"{Names[resource]} soft limit"] = Value(limit.Current);
                limits[$"{Names[resource]} hard limit"] = Value(limit.Maximum);
            }
        }
        return new ResourceLimitState(limits);
    }

    protected override LeakFinding? Describe(string name, string? before, string? after) => before is null || after is null
        ? null
        : new LeakFinding(Kind, $"{name} changed from {before} to {after}");

    private static string Value(ulong limit) => limit == Infinity ? "unlimited" : limit.ToString(CultureInfo.InvariantCulture);
}
