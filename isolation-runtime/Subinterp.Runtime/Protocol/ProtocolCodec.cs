using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Subinterp.Runtime.Protocol;

/// <summary>
/// Turns protocol messages into single JSON lines and back: the same bytes as System.Text.Json's
/// polymorphic contract of <see cref="ProtocolMessage"/> (its "type" first, then the record's
/// fields), but each record's contract is made when a message of its type is first read or
/// written. Through the polymorphic contract, the first message of a process configured all ~30
/// records and everything they hold: ~6 ms of CPU at the start of the CLI and of every worker.
/// </summary>
public static class ProtocolCodec
{
    /// <summary>Each record type and its "type", as [JsonDerivedType] on <see cref="ProtocolMessage"/> declares them.</summary>
    private sealed class Kind(Type type, string name)
    {
        private JsonTypeInfo? _contract;
        private byte[]? _head;

        public Type Type { get; } = type;

        public string Name { get; } = name;

        // Configured on first use, by itself: a record's contract never reaches for its base's.
        public JsonTypeInfo Contract => _contract ??= ProtocolJsonContext.Default.Options.GetTypeInfo(Type);

        /// <summary>{"type":"NAME" as the polymorphic contract writes it.</summary>
        public byte[] Head => _head ??= Encoding.UTF8.GetBytes($"{{\"type\":\"{JsonEncodedText.Encode(Name)}\"");
    }

    private static readonly Lazy<(Dictionary<Type, Kind> ByType, Dictionary<string, Kind> ByName)> Kinds = new(() =>
    {
        // From the attributes, as System.Text.Json reads them: the context's ProtocolMessage
        // property would configure the polymorphic contract, every record with it.
        var kinds = typeof(ProtocolMessage).GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false)
            .Select(derived => new Kind(derived.DerivedType, (string)derived.TypeDiscriminator!))
            .ToList();
        return (kinds.ToDictionary(kind => kind.Type), kinds.ToDictionary(kind => kind.Name, StringComparer.Ordinal));
    });

    /// <summary>What both sides read or write for every module run, <see cref="Prepare"/>d ahead of it.</summary>
    private static readonly Type[] EveryRun =
    [
        typeof(ConfigureMessage), typeof(HelloMessage), typeof(ChannelMessage), typeof(RunMessage), typeof(DriverHost), typeof(InterpCreatedMessage),
        typeof(ModuleStartMessage), typeof(CollectedMessage), typeof(TestStartMessage), typeof(TestEndMessage), typeof(ModuleEndMessage),
        typeof(InterpEndingMessage), typeof(ModuleDoneMessage), typeof(ShutdownMessage),
    ];

    /// <summary>
    /// Configures the contracts every module run uses, so that its first message of each type is
    /// read or written at once. For another thread, while the caller waits anyway (the CLI for its
    /// worker to start, a worker for Python to initialise): configured on first use instead, they
    /// were ~3 ms on each side of the path from the worker's hello to its first module-done.
    /// </summary>
    public static void Prepare()
    {
        foreach (var type in EveryRun)
        {
            if (Kinds.Value.ByType.TryGetValue(type, out var kind))
            {
                _ = kind.Head;
                _ = kind.Contract;
            }
            else
            {
                _ = ProtocolJsonContext.Default.Options.GetTypeInfo(type);
            }
        }
    }

    public static byte[] EncodeLine(ProtocolMessage message)
    {
        var kind = KindOf(message);
        var body = JsonSerializer.SerializeToUtf8Bytes(message, kind.Contract);
        // body is the record's own object, "{...}": its fields follow the type.
        var fields = body.AsSpan(1, body.Length - 2);
        var line = new byte[kind.Head.Length + (fields.IsEmpty ? 0 : 1) + fields.Length + 2];
        kind.Head.CopyTo(line, 0);
        var at = kind.Head.Length;
        if (!fields.IsEmpty)
        {
            line[at++] = (byte)',';
            fields.CopyTo(line.AsSpan(at));
            at += fields.Length;
        }
        line[at] = (byte)'}';
        line[at + 1] = (byte)'\n';
        return line;
    }

    /// <summary>The message's JSON without the newline (the driver's arguments, a test's expectations).</summary>
    public static string Json(ProtocolMessage message)
    {
        var line = EncodeLine(message);
        return Encoding.UTF8.GetString(line, 0, line.Length - 1);
    }

    public static string Json(DriverArguments arguments) => JsonSerializer.Serialize(arguments, ProtocolJsonContext.Default.DriverArguments);

    public static string Json(DriverHost host) => JsonSerializer.Serialize(host, ProtocolJsonContext.Default.DriverHost);

    public static string Json(ProbeArguments arguments) => JsonSerializer.Serialize(arguments, ProtocolJsonContext.Default.ProbeArguments);

    /// <exception cref="ProtocolException">The line is not a protocol message: not JSON, no or an unknown "type", a field missing or of the wrong kind.</exception>
    public static ProtocolMessage Decode(ReadOnlySpan<byte> line)
    {
        try
        {
            var type = TypeOf(line) ?? throw new ProtocolException($"malformed message (no \"type\"): {Preview(line)}");
            if (!Kinds.Value.ByName.TryGetValue(type, out var kind))
            {
                throw new ProtocolException($"malformed message (unknown type '{type}'): {Preview(line)}");
            }
            // The record's contract skips "type", a field it does not have.
            return JsonSerializer.Deserialize(line, kind.Contract) as ProtocolMessage
                ?? throw new ProtocolException($"not a message: {Preview(line)}");
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ProtocolException($"malformed message ({error.Message}): {Preview(line)}");
        }
    }

    private static Kind KindOf(ProtocolMessage message) =>
        Kinds.Value.ByType.TryGetValue(message.GetType(), out var kind)
            ? kind
            : throw new NotSupportedException($"{message.GetType().Name} is not a message of the protocol: it is missing from ProtocolMessage's [JsonDerivedType] list.");

    /// <summary>The line's "type", wherever it comes among the object's fields; null when it has none.</summary>
    /// <exception cref="JsonException">Not a JSON object, or "type" is not a string.</exception>
    private static string? TypeOf(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not a JSON object");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("\"type\" is not a string");
            }
            reader.Skip();
        }
        return null;
    }

    /// <summary>
    /// A Python string literal of pure ASCII. Not JSON's escaping: Python reads "\ud83d\ude00" as two
    /// lone surrogates, so characters beyond the BMP are written as \U escapes.
    /// </summary>
    public static string QuoteForPython(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\': builder.Append("\\\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case >= 0x20 and < 0x7F: builder.Append((char)rune.Value); break;
                case <= 0xFF: builder.Append($"\\x{rune.Value:x2}"); break;
                case <= 0xFFFF: builder.Append($"\\u{rune.Value:x4}"); break;
                default: builder.Append($"\\U{rune.Value:x8}"); break;
            }
        }
        return builder.Append('"').ToString();
    }

    private static string Preview(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line.Length > 200 ? line[..200] : line);
        return line.Length > 200 ? text + "..." : text;
    }
}

public sealed class ProtocolException(string message) : Exception(message);
