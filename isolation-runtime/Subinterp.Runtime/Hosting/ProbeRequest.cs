using System.Text.Json;

namespace Subinterp.Runtime.Hosting;

/// <summary>The extension modules named in the driver's probe request (extension_state.py).</summary>
internal static class ProbeRequest
{
    public static IReadOnlyList<(string Name, string? ImportedBy)> Extensions(string requestJson)
    {
        try
        {
            using var document = JsonDocument.Parse(requestJson);
            return document.RootElement.GetProperty("extensions").EnumerateArray()
                .Select(e => (e.GetProperty("name").GetString() ?? "", e.TryGetProperty("importedBy", out var by) && by.ValueKind == JsonValueKind.String ? by.GetString() : null))
                .Where(e => e.Item1.Length > 0)
                .ToList();
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>The extensions the probe's run found nothing about (its result: {"clean": [...]}); empty when it said nothing.</summary>
    public static IReadOnlyList<string> Clean(string? resultJson)
    {
        if (resultJson is null)
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(resultJson);
            return document.RootElement.TryGetProperty("clean", out var clean) && clean.ValueKind == JsonValueKind.Array
                ? [.. clean.EnumerateArray().Select(name => name.GetString() ?? "").Where(name => name.Length > 0)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The built-in modules the module loaded (their declarations are read; they are not probed).</summary>
    public static IReadOnlyList<string> Builtins(string requestJson)
    {
        try
        {
            using var document = JsonDocument.Parse(requestJson);
            return document.RootElement.TryGetProperty("builtins", out var builtins) && builtins.ValueKind == JsonValueKind.Array
                ? builtins.EnumerateArray().Select(b => b.GetString() ?? "").Where(name => name.Length > 0).ToList()
                : [];
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            return [];
        }
    }
}
