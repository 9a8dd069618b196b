using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// A slot's private event pipe: the driver (inside the subinterpreter) and the slot thread write
/// whole lines to it; a forwarding thread copies them to the orchestrator's socket as they come.
/// Both ends are close-on-exec so test subprocesses never inherit them.
/// </summary>
internal sealed unsafe class SlotPipe : IDisposable
{
    private readonly int _readFd;
    private readonly Thread _forwarder;
    private readonly LineSocket _socket;

    public int WriteFd { get; }

    public SlotPipe(int slot, LineSocket socket)
    {
        var fds = stackalloc int[2];
        if (LibC.pipe2(fds, LibC.O_CLOEXEC) != 0)
        {
            throw new IOException($"pipe2 failed for slot {slot}");
        }
        _readFd = fds[0];
        WriteFd = fds[1];
        _socket = socket;
        _forwarder = new Thread(Forward) { IsBackground = true, Name = $"slot-{slot}-events" };
        _forwarder.Start();
    }

    public void Write(ProtocolMessage message)
    {
        var line = ProtocolCodec.EncodeLine(message);
        fixed (byte* start = line)
        {
            var offset = 0;
            while (offset < line.Length)
            {
                var written = LibC.write(WriteFd, start + offset, line.Length - offset);
                if (written <= 0)
                {
                    throw new IOException("the slot's event pipe is closed");
                }
                offset += (int)written;
            }
        }
    }

    private void Forward()
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = (int)LibC.read(_readFd, start, buffer.Length);
                if (read <= 0)
                {
                    return;
                }
                var lastNewline = Array.LastIndexOf(buffer, (byte)'\n', read - 1);
                if (lastNewline < 0)
                {
                    pending.AddRange(buffer.AsSpan(0, read));
                    continue;
                }
                // Forward only whole lines so the socket never carries half a message.
                if (pending.Count > 0)
                {
                    pending.AddRange(buffer.AsSpan(0, lastNewline + 1));
                    _socket.SendRaw(pending.ToArray());
                    pending.Clear();
                }
                else
                {
                    _socket.SendRaw(buffer.AsSpan(0, lastNewline + 1));
                }
                pending.AddRange(buffer.AsSpan(lastNewline + 1, read - lastNewline - 1));
            }
        }
    }

    public void Dispose()
    {
        LibC.close(WriteFd);
        _forwarder.Join(TimeSpan.FromSeconds(5));
        LibC.close(_readFd);
    }
}
