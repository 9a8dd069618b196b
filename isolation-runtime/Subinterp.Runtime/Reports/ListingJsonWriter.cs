using System.Text.Json;
using System.Text.Json.Serialization;
using Subinterp.Runtime.Session;

namespace Subinterp.Runtime.Reports;

/// <summary>`subinterp list --json`: schema subinterp-list/1 (the shape of <see cref="TestListing"/>).</summary>
public static class ListingJsonWriter
{
    public static void Write(TestListing listing, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var staging = path + ".tmp";
        File.WriteAllBytes(staging, JsonSerializer.SerializeToUtf8Bytes(listing, ListingJsonContext.Default.TestListing));
        File.Move(staging, path, overwrite: true);
    }

    public static TestListing Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllBytes(path), ListingJsonContext.Default.TestListing)
        ?? throw new JsonException($"{path} holds no listing");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(TestListing))]
internal sealed partial class ListingJsonContext : JsonSerializerContext;
