using Subinterp.Runtime.Leaks;

namespace Subinterp.Runtime.Tests.Leaks;

public sealed class LifecycleLeakRuleTests
{
    private const long MiB = 1024 * 1024;
    private static readonly LifecycleBaseline Baseline = new(400 * 1024, 1700 * 1024);

    private static List<LifecycleSample> Samples(params long[] heap) =>
        heap.Select(h => new LifecycleSample(100 * MiB + h, h, 3, 3)).ToList();

    [Fact]
    public void Steady_growth_beyond_the_baseline_is_a_memory_leak_with_its_figure()
    {
        // Warm-up (first third) jumps, then +2 MiB beyond the empty interpreter's 400 KiB, every time.
        var step = 2 * MiB + 400 * 1024;
        var leak = LifecycleLeakRule.Findings(Samples(10 * MiB, 30 * MiB, 30 * MiB + step, 30 * MiB + 2 * step, 30 * MiB + 3 * step, 30 * MiB + 4 * step), Baseline).Single();

        Assert.Equal("memory", leak.Kind);
        Assert.StartsWith("malloc'd memory in use grows by 2.00 MiB per lifecycle beyond an empty interpreter's 400 KiB (lifecycles 3-6 of 6: ", leak.Detail);
    }

    [Fact]
    public void Growth_like_an_empty_interpreters_is_not_a_leak()
    {
        var samples = Samples(10 * MiB, 20 * MiB, 20 * MiB + 410 * 1024, 20 * MiB + 800 * 1024, 20 * MiB + 1210 * 1024, 20 * MiB + 1600 * 1024);

        Assert.Empty(LifecycleLeakRule.Findings(samples, Baseline));
    }

    [Fact]
    public void Growth_that_stops_is_not_steady()
    {
        var samples = Samples(10 * MiB, 20 * MiB, 25 * MiB, 30 * MiB, 30 * MiB, 35 * MiB);

        Assert.Empty(LifecycleLeakRule.Findings(samples, Baseline));
    }

    [Fact]
    public void Growth_below_the_threshold_is_not_reported()
    {
        var step = 400 * 1024 + 20 * 1024;
        var samples = Samples(0, 10 * MiB, 10 * MiB + step, 10 * MiB + 2 * step, 10 * MiB + 3 * step, 10 * MiB + 4 * step);

        Assert.Empty(LifecycleLeakRule.Findings(samples, Baseline));
    }

    [Fact]
    public void Descriptors_and_threads_that_grow_every_lifecycle_are_leaks_of_their_kind()
    {
        var samples = Enumerable.Range(0, 6).Select(i => new LifecycleSample(MiB, MiB, i, 3 + i)).ToList();

        var leaks = LifecycleLeakRule.Findings(samples, Baseline).ToList();

        Assert.Contains(new("fd", "open descriptors grow by 1 per lifecycle (lifecycles 3-6 of 6: 2 -> 3 -> 4 -> 5)"), leaks);
        Assert.Contains(new("thread", "native threads grow by 1 per lifecycle (lifecycles 3-6 of 6: 5 -> 6 -> 7 -> 8)"), leaks);
    }

    [Fact]
    public void Too_few_lifecycles_decide_nothing()
    {
        Assert.Empty(LifecycleLeakRule.Findings(Samples(0, 10 * MiB, 20 * MiB), Baseline));
    }
}
