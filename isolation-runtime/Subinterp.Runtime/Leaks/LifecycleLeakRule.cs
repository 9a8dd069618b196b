using System.Globalization;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Decides, from the samples taken after each of a module's K lifecycles, whether it leaks per
/// lifecycle (the subinterpreter analogue of CPython's regrtest -R): the first third of the
/// lifecycles warm up (caches, first imports, allocator arenas) and are ignored; over the rest,
/// a leak is growth in every lifecycle, beyond what an empty interpreter costs, averaging at
/// least the threshold. malloc's bytes in use decide; RSS is reported beside them but does not
/// decide, because CPython 3.12.1/3.13.0 do not return an isolated interpreter's arenas in full,
/// so RSS grows with whatever a module allocated, leaked or not.
/// </summary>
public static class LifecycleLeakRule
{
    public const int MinimumLifecycles = 4;
    public const long HeapThresholdBytes = 128 * 1024;

    public static IEnumerable<LeakFinding> Findings(IReadOnlyList<LifecycleSample> samples, LifecycleBaseline? baseline)
    {
        if (samples.Count < MinimumLifecycles)
        {
            yield break;
        }
        var warmUps = Math.Max(1, samples.Count / 3);
        var measured = samples.Skip(warmUps).ToList();
        var span = $"lifecycles {warmUps + 1}-{samples.Count} of {samples.Count}";
        if (measured.All(s => s.HeapBytes is not null))
        {
            var baselineHeap = baseline?.HeapBytes ?? 0;
            var excess = Deltas(measured.Select(s => s.HeapBytes!.Value)).Select(d => d - baselineHeap).ToList();
            if (excess.All(e => e > 0) && excess.Average() >= HeapThresholdBytes)
            {
                var rss = Deltas(measured.Select(s => s.RssBytes)).Average() - (baseline?.RssBytes ?? 0);
                yield return new LeakFinding(LeakKinds.Memory, string.Create(CultureInfo.InvariantCulture,
                    $"malloc'd memory in use grows by {Size(excess.Average())} per lifecycle beyond an empty interpreter's {Size(baselineHeap)} ({span}: {string.Join(" -> ", measured.Select(s => Size(s.HeapBytes!.Value)))}); RSS by {Size(rss)} per lifecycle beyond an empty interpreter's {Size(baseline?.RssBytes ?? 0)}"));
            }
        }
        foreach (var (kind, what, counts) in new[]
        {
            (LeakKinds.Fd, "open descriptors", measured.Select(s => (long)s.Fds)),
            (LeakKinds.Thread, "native threads", measured.Select(s => (long)s.Threads)),
        })
        {
            var values = counts.ToList();
            var deltas = Deltas(values).ToList();
            if (deltas.All(d => d > 0))
            {
                yield return new LeakFinding(kind, string.Create(CultureInfo.InvariantCulture,
                    $"{what} grow by {deltas.Average():0.#} per lifecycle ({span}: {string.Join(" -> ", values)})"));
            }
        }
    }

    private static IEnumerable<long> Deltas(IEnumerable<long> values)
    {
        var list = values.ToList();
        return list.Zip(list.Skip(1), (a, b) => b - a);
    }

    private static string Size(double bytes) => Math.Abs(bytes) >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):0.00} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0} KiB");
}
