using System.Net.Sockets;

namespace Subinterp.Runtime.Protocol;

/// <summary>A Unix-domain stream socket carrying protocol lines; writes are serialised, reads are for one reader.</summary>
public sealed class LineSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Lock _writeLock = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly MemoryStream _pending = new();
    private int _bufferStart;
    private int _bufferEnd;

    public LineSocket(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static LineSocket Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return new LineSocket(socket);
    }

    public void Send(ProtocolMessage message) => SendRaw(ProtocolCodec.EncodeLine(message));

    /// <summary>Sends bytes that already form whole lines.</summary>
    public void SendRaw(ReadOnlySpan<byte> lines)
    {
        lock (_writeLock)
        {
            _stream.Write(lines);
        }
    }

    /// <summary>The next line without its newline, or null at end of stream.</summary>
    public async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellation = default)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _bufferStart, _bufferEnd - _bufferStart);
            if (newline >= 0)
            {
                _pending.Write(_buffer, _bufferStart, newline - _bufferStart);
                _bufferStart = newline + 1;
                var line = _pending.ToArray();
                _pending.SetLength(0);
                return line;
            }
            _pending.Write(_buffer, _bufferStart, _bufferEnd - _bufferStart);
            _bufferStart = 0;
            _bufferEnd = 0;
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer, cancellation).ConfigureAwait(false);
            }
            catch (IOException)
            {
                read = 0;
            }
            if (read == 0)
            {
                return null;
            }
            _bufferEnd = read;
        }
    }

    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the peer: nothing left to flush.
        }
        _stream.Dispose();
    }
}
