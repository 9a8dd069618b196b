using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Locating;

/// <summary>Source-generated so the probe's JSON is read without reflection (trimming-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PythonFacts))]
internal sealed partial class PythonFactsJsonContext : JsonSerializerContext;
