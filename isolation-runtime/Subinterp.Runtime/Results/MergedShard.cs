namespace Subinterp.Runtime.Results;

/// <summary>One shard of a merged report: what it ran, where and how long, so that a reader (the HTML timeline) can tell the shards' clocks apart.</summary>
/// <param name="Report">The shard report's file name, as given to `subinterp merge`.</param>
/// <param name="Modules">Names of the modules it ran, sorted.</param>
public sealed record MergedShard(int Index, int Count, string Report, PythonInfo Python, string Mode, string Engine, int Jobs, double DurationMs,
    IReadOnlyList<string> Modules);
