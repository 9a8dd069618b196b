using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// Reads a library's header to tell, without loading it, whether this process could dlopen it.
/// Loading is the worker's job; the locator only has to refuse early what would surely fail.
/// </summary>
internal static class SharedLibraryFile
{
    private const ushort ElfSharedObject = 3; // ET_DYN

    /// <returns>Why the file cannot be loaded here, or null when it looks loadable.</returns>
    public static string? FindProblem(string path)
    {
        byte[] header = new byte[20];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"it cannot be read ({e.Message})";
        }

        if (OperatingSystem.IsMacOS())
        {
            return read >= 4 && IsMachO(header) ? null : "it is not a Mach-O library";
        }
        if (read < header.Length || header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            return "it is not an ELF shared library";
        }

        var is64 = header[4] == 2;
        if (is64 != Environment.Is64BitProcess)
        {
            return $"it is a {(is64 ? 64 : 32)}-bit library and this process is {(Environment.Is64BitProcess ? 64 : 32)}-bit";
        }
        var littleEndian = header[5] == 1;
        var type = littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(16)) : BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        var machine = littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18)) : BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(18));
        if (type != ElfSharedObject)
        {
            return "it is an ELF file but not a shared library";
        }
        var architecture = ElfArchitecture(machine);
        if (architecture is { } arch && arch != RuntimeInformation.ProcessArchitecture)
        {
            return $"it is built for {arch} and this process runs on {RuntimeInformation.ProcessArchitecture}";
        }
        return null;
    }

    private static bool IsMachO(byte[] header)
    {
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return magic is 0xFEEDFACF or 0xFEEDFACE // thin, little-endian
            || BinaryPrimitives.ReadUInt32BigEndian(header) is 0xCAFEBABE; // universal
    }

    private static Architecture? ElfArchitecture(ushort machine) => machine switch
    {
        0x03 => Architecture.X86,
        0x28 => Architecture.Arm,
        0x3E => Architecture.X64,
        0xB7 => Architecture.Arm64,
        0xF3 => Architecture.RiscV64,
        0x102 => Architecture.LoongArch64,
        0x16 => Architecture.S390x,
        0x15 => Architecture.Ppc64le,
        _ => null, // unknown to us: let dlopen be the judge
    };
}
