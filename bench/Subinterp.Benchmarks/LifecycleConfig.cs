using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Subinterp.Benchmarks;

/// <summary>
/// Short and honest: one process per case (each needs its own main interpreter), a few warm-up
/// iterations, 30 measured iterations of 2 invocations each; the median is the figure to read
/// (this machine is shared and noisy). A lifecycle leaks a few MB inside
/// CPython (isolated interpreters' obmalloc arenas), so thousands of invocations would measure
/// the allocator filling up rather than the lifecycle.
/// </summary>
internal sealed class LifecycleConfig : ManualConfig
{
    public LifecycleConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(30).WithInvocationCount(2).WithUnrollFactor(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance);
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.Min, BenchmarkDotNet.Columns.StatisticColumn.Max);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        WithOptions(ConfigOptions.JoinSummary);
    }
}
