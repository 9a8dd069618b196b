using System.Buffers.Binary;
using System.Text;

namespace Subinterp.CompatMatrix.Binaries;

/// <summary>
/// The names of the functions a 64-bit little-endian ELF shared library exports (its defined
/// global and weak dynamic symbols, .dynsym): enough to tell an extension module (it exports
/// PyInit_NAME or, from 3.15, PyModExport_NAME) from a native library that only shares its file
/// suffix (pycryptodome's, loaded with ctypes or cffi). Null for anything else (another format, a
/// truncated file): the caller then cannot tell and treats the file as a module.
/// </summary>
public static class ElfExports
{
    private const int SectionTypeDynamicSymbols = 11;
    private const int SymbolSize = 24;

    public static IReadOnlySet<string>? Read(string path)
    {
        try
        {
            return Read(File.ReadAllBytes(path));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static IReadOnlySet<string>? Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 64 || !file[..4].SequenceEqual("\u007fELF"u8) || file[4] != 2 || file[5] != 1)
        {
            return null;
        }
        var sectionsAt = BinaryPrimitives.ReadUInt64LittleEndian(file[0x28..]);
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(file[0x3A..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(file[0x3C..]);
        if (sectionSize < 64 || sectionsAt + ((ulong)sectionSize * sectionCount) > (ulong)file.Length)
        {
            return null;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sectionCount; i++)
        {
            var header = file.Slice((int)sectionsAt + (i * sectionSize), sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != SectionTypeDynamicSymbols)
            {
                continue;
            }
            var symbols = Section(file, header);
            var linked = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
            if (symbols.IsEmpty || linked >= sectionCount)
            {
                return null;
            }
            var strings = Section(file, file.Slice((int)sectionsAt + (linked * sectionSize), sectionSize));
            for (var at = 0; at + SymbolSize <= symbols.Length; at += SymbolSize)
            {
                var symbol = symbols.Slice(at, SymbolSize);
                var binding = symbol[4] >> 4;
                var definedIn = BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]);
                var nameAt = (int)BinaryPrimitives.ReadUInt32LittleEndian(symbol);
                if (definedIn != 0 && binding is 1 or 2 && nameAt > 0 && nameAt < strings.Length)
                {
                    var name = strings[nameAt..];
                    var end = name.IndexOf((byte)0);
                    names.Add(Encoding.UTF8.GetString(end < 0 ? name : name[..end]));
                }
            }
        }
        return names;
    }

    private static ReadOnlySpan<byte> Section(ReadOnlySpan<byte> file, ReadOnlySpan<byte> header)
    {
        var offset = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
        return offset + size <= (ulong)file.Length ? file.Slice((int)offset, (int)size) : [];
    }
}
