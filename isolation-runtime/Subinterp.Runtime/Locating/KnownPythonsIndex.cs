using System.Text.Json;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// The per-user record as read from its file (<see cref="KnownPythons"/>): where each executable's
/// entry lies, found by one pass of the JSON reader that checks the whole file, and each entry
/// read only when asked for. A file that is not well-formed JSON of that shape counts as empty.
/// </summary>
internal sealed class KnownPythonsIndex
{
    private static readonly KnownPythonsIndex Empty = new([], new Dictionary<string, Range>(StringComparer.Ordinal));

    private readonly byte[] _json;
    private readonly Dictionary<string, Range> _entries;

    private KnownPythonsIndex(byte[] json, Dictionary<string, Range> entries)
    {
        _json = json;
        _entries = entries;
    }

    /// <param name="path">The record's file; null or missing: empty.</param>
    public static KnownPythonsIndex Read(string? path)
    {
        if (path is null)
        {
            return Empty;
        }
        try
        {
            var json = File.ReadAllBytes(path);
            return new KnownPythonsIndex(json, Locate(json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Empty;
        }
    }

    /// <summary>The entry recorded for the executable (a full path, as the record keys it); null when there is none or it is malformed.</summary>
    public KnownPython? Entry(string executable)
    {
        if (!_entries.TryGetValue(executable, out var range))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(_json.AsSpan(range), KnownPythonsJsonContext.Default.KnownPython);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>{"entries": {"PATH": {...}, ...}, ...}: where each entry's object lies.</summary>
    /// <exception cref="JsonException">Not well-formed, or not of that shape.</exception>
    private static Dictionary<string, Range> Locate(byte[] json)
    {
        var entries = new Dictionary<string, Range>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isEntries = reader.ValueTextEquals("entries"u8);
            if (!isEntries)
            {
                Next(ref reader);
                reader.Skip();
                continue;
            }
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var executable = reader.GetString()!;
                // An entry that is not an object (null, say) is left out, as one that is malformed inside.
                var isEntry = Next(ref reader) == JsonTokenType.StartObject;
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (isEntry)
                {
                    entries[executable] = start..(int)reader.BytesConsumed;
                }
            }
        }
        // Past the root object: nothing but whitespace may follow (the reader checks).
        while (reader.Read())
        {
        }
        return entries;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the record ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException($"expected {type}, found {reader.TokenType}");
        }
    }
}
