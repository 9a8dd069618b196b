namespace Subinterp.Runtime.Results;

/// <summary>
/// Which share of the modules a `--shard i/N` run took: enough for `subinterp merge` to tell a
/// complete set of shard reports from one that lacks a shard, a module or a finished run.
/// </summary>
/// <param name="Index">i, from 1.</param>
/// <param name="Count">N.</param>
/// <param name="Total">Modules shared out among the N shards (after --test, before -k).</param>
/// <param name="Assigned">Modules this shard was given out of <paramref name="Total"/>.</param>
/// <param name="Modules">The names of the modules this shard was to run (after -k), sorted: each must have a result in its report.</param>
public sealed record ShardInfo(int Index, int Count, int Total, int Assigned, IReadOnlyList<string> Modules)
{
    /// <summary>
    /// What each module took, keyed as the remembered durations are. A shard run does not change
    /// its machine's remembered durations (the next shard on that machine must share out the
    /// modules the same way); `subinterp merge` remembers these instead.
    /// </summary>
    public IReadOnlyDictionary<string, double> Durations { get; init; } = new Dictionary<string, double>();

    public override string ToString() => $"{Index}/{Count}";
}
