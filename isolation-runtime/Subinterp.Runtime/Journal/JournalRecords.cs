using System.Text.Json.Serialization;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Journal;

/// <summary>The journal's first line: enough to plan the same run again.</summary>
/// <param name="Options">The run's options, with absolute paths and the resolved Python executable.</param>
/// <param name="Modules">The keys (absolute paths) of the planned modules (after --test and -k).</param>
/// <param name="Selected">Module key → the test ids run in it, for modules that do not run whole.</param>
/// <param name="Shard">--shard: the share planned, kept as it was (durations recorded since must not move modules between shards).</param>
public sealed record JournalHeader(string Schema, RunOptions Options, string Python, string Engine, IReadOnlyList<string> Modules,
    Dictionary<string, List<string>>? Selected = null, ShardInfo? Shard = null)
{
    public const string SchemaName = "subinterp-journal/2";
}

/// <summary>A module's final result, as it will appear in the report.</summary>
public sealed record JournalResult(string Key, ModuleResult Result);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournalHeader))]
[JsonSerializable(typeof(JournalResult))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
