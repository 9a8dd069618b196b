using System.Runtime.InteropServices;
using System.Text;

namespace Subinterp.Runtime.Interop;

/// <summary>A NUL-terminated UTF-8 copy of a string in unmanaged memory, freed on dispose.</summary>
internal readonly unsafe struct Utf8(string text) : IDisposable
{
    public readonly byte* Pointer = CopyToUnmanaged(text);

    private static byte* CopyToUnmanaged(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        var buffer = (byte*)NativeMemory.Alloc((nuint)count + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, count));
        buffer[count] = 0;
        return buffer;
    }

    public void Dispose() => NativeMemory.Free(Pointer);
}
