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

    /// <summary>The extensions the probe's run found nothing about but that hold plain data, with that data as its fresh import showed it (its result: {"fresh": {name: {path: digest}}}).</summary>
    public static IReadOnlyDictionary<string, PlainDataState> Fresh(string? resultJson)
    {
        var fresh = new Dictionary<string, PlainDataState>(StringComparer.Ordinal);
        if (resultJson is null)
        {
            return fresh;
        }
        try
        {
            using var document = JsonDocument.Parse(resultJson);
            if (document.RootElement.TryGetProperty("fresh", out var extensions) && extensions.ValueKind == JsonValueKind.Object)
            {
                foreach (var extension in extensions.EnumerateObject())
                {
                    if (PlainDataState.FromDigests(extension.Value) is { } state)
                    {
                        fresh[extension.Name] = state;
                    }
                }
            }
        }
        catch (JsonException)
        {
            fresh.Clear();
        }
        return fresh;
    }

    /// <summary>
    /// Each extension's plain data in the module's interpreter right after its import ("pristine")
    /// and at its end ("state"); an extension missing either is left out.
    /// </summary>
    public static IReadOnlyDictionary<string, (PlainDataState Pristine, PlainDataState End)> ModuleStates(string requestJson)
    {
        var states = new Dictionary<string, (PlainDataState, PlainDataState)>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(requestJson);
            if (!document.RootElement.TryGetProperty("pristine", out var pristine) || pristine.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("state", out var end) || end.ValueKind != JsonValueKind.Object)
            {
                return states;
            }
            foreach (var extension in pristine.EnumerateObject())
            {
                if (PlainDataState.FromDigests(extension.Value) is { } before
                    && end.TryGetProperty(extension.Name, out var last) && PlainDataState.FromFingerprint(last) is { } after)
                {
                    states[extension.Name] = (before, after);
                }
            }
        }
        catch (JsonException)
        {
            states.Clear();
        }
        return states;
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
