using System.Text;
using System.Text.Json;

namespace Subinterp.Runtime.Protocol;

/// <summary>Turns protocol messages into single JSON lines and back.</summary>
public static class ProtocolCodec
{
    public static byte[] EncodeLine(ProtocolMessage message)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJsonContext.Default.ProtocolMessage);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The message's JSON without the newline (the driver's arguments, a test's expectations).</summary>
    public static string Json(ProtocolMessage message) => JsonSerializer.Serialize(message, ProtocolJsonContext.Default.ProtocolMessage);

    public static string Json(DriverArguments arguments) => JsonSerializer.Serialize(arguments, ProtocolJsonContext.Default.DriverArguments);

    public static string Json(DriverHost host) => JsonSerializer.Serialize(host, ProtocolJsonContext.Default.DriverHost);

    public static string Json(ProbeArguments arguments) => JsonSerializer.Serialize(arguments, ProtocolJsonContext.Default.ProbeArguments);

    /// <exception cref="ProtocolException">The line is not a protocol message: not JSON, no or an unknown "type", a field missing or of the wrong kind.</exception>
    public static ProtocolMessage Decode(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, ProtocolJsonContext.Default.ProtocolMessage)
                ?? throw new ProtocolException($"not a message: {Preview(line)}");
        }
        catch (Exception error) when (error is JsonException or NotSupportedException)
        {
            throw new ProtocolException($"malformed message ({error.Message}): {Preview(line)}");
        }
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
