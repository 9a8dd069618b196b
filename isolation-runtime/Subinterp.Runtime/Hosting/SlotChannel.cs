using System.Net.Sockets;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// A slot's own connection to the orchestrator. The driver (inside the subinterpreter, with
/// os.write on <see cref="WriteFd"/>) and the slot thread write whole lines straight into it: once
/// write() returns, the line is in the kernel's buffer on the orchestrator's side and survives the
/// worker dying a microsecond later. (A pipe drained by a forwarding thread lost the last events
/// before an abort, and with them the test that caused it.)
/// </summary>
internal sealed unsafe class SlotChannel : IDisposable
{
    // Only ever written with write(2) and never used for .NET async I/O, so the socket stays in
    // blocking mode and os.write in the driver never sees EAGAIN. .NET opens it close-on-exec.
    private readonly Socket _socket;

    public int WriteFd { get; }

    public SlotChannel(int slot, string socketPath)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        WriteFd = (int)_socket.Handle;
        Write(new ChannelMessage { Slot = slot });
    }

    /// <exception cref="SlotChannelBrokenException">The socket is gone: test code closed or replaced the descriptor, or the orchestrator vanished.</exception>
    public void Write(ProtocolMessage message)
    {
        var line = ProtocolCodec.EncodeLine(message);
        fixed (byte* start = line)
        {
            var offset = 0;
            while (offset < line.Length)
            {
                var written = LibC.write(WriteFd, start + offset, line.Length - offset);
                if (written < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == LibC.EINTR)
                {
                    continue;
                }
                if (written <= 0)
                {
                    throw new SlotChannelBrokenException($"the event channel (fd {WriteFd}) is closed");
                }
                offset += (int)written;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}

public sealed class SlotChannelBrokenException(string message) : IOException(message);
