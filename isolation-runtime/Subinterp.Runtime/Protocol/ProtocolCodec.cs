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

    /// <exception cref="ProtocolException">The line is not a protocol message.</exception>
    public static ProtocolMessage Decode(ReadOnlySpan<byte> line)
    {
        try
        {
            var message = JsonSerializer.Deserialize(line, ProtocolJsonContext.Default.ProtocolMessage);
            if (message is null || message.Type.Length == 0)
            {
                throw new ProtocolException($"message without a type: {Preview(line)}");
            }
            return message;
        }
        catch (JsonException error)
        {
            throw new ProtocolException($"malformed message ({error.Message}): {Preview(line)}");
        }
    }

    /// <summary>A JSON string literal, which is also a valid Python string literal.</summary>
    public static string QuoteForPython(string text) => JsonSerializer.Serialize(text, ProtocolJsonContext.Default.String);

    private static string Preview(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line.Length > 200 ? line[..200] : line);
        return line.Length > 200 ? text + "..." : text;
    }
}

public sealed class ProtocolException(string message) : Exception(message);
