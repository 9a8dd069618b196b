namespace Subinterp.Runtime.Reports;

/// <summary>Shard reports that cannot be merged into one run's report: every problem found, each naming the shard, what is wrong and the fix.</summary>
public sealed class ReportMergeException(IReadOnlyList<string> problems) : Exception(string.Join("\n", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
