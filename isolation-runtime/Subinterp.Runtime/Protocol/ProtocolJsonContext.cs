using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Protocol;

/// <summary>
/// Source-generated (Native AOT: no reflection) reading and writing of every message. "type" may
/// come anywhere in a line: the Python side writes it first, but nothing depends on that.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(ProtocolMessage))]
[JsonSerializable(typeof(DriverArguments))]
[JsonSerializable(typeof(DriverHost))]
[JsonSerializable(typeof(ProbeArguments))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
