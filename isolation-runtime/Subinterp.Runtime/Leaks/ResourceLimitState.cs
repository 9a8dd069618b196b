using System.Globalization;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>Resource limits (getrlimit): resource.setrlimit in one interpreter limits the whole process.</summary>
internal sealed class ResourceLimitState
{
    private const ulong Infinity = ulong.MaxValue;

    private static readonly string[] Names =
    [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
        "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ];

    private readonly Dictionary<int, LibC.RLimit> _limits;

    private ResourceLimitState(Dictionary<int, LibC.RLimit> limits) => _limits = limits;

    public static unsafe ResourceLimitState Capture()
    {
        var limits = new Dictionary<int, LibC.RLimit>();
        for (var resource = 0; resource < Names.Length; resource++)
        {
            LibC.RLimit limit;
            if (LibC.getrlimit(resource, &limit) == 0)
            {
                limits[resource] = limit;
            }
        }
        return new ResourceLimitState(limits);
    }

    public IEnumerable<LeakFinding> ChangesSince(ResourceLimitState before)
    {
        foreach (var (resource, _, old, _, now) in StateDiff.Changes(before._limits, _limits).Where(c => c.Existed && c.Exists))
        {
            if (now.Current != old.Current)
            {
                yield return new LeakFinding(LeakKinds.Rlimit, $"{Names[resource]} soft limit changed from {Value(old.Current)} to {Value(now.Current)}");
            }
            if (now.Maximum != old.Maximum)
            {
                yield return new LeakFinding(LeakKinds.Rlimit, $"{Names[resource]} hard limit changed from {Value(old.Maximum)} to {Value(now.Maximum)}");
            }
        }
    }

    private static string Value(ulong limit) => limit == Infinity ? "unlimited" : limit.ToString(CultureInfo.InvariantCulture);
}
