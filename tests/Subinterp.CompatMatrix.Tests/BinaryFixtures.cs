using System.IO.Compression;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>The real extension modules of Fixtures/Binaries (Debian sid's, reduced; FIXTURES.md), decompressed.</summary>
internal static class BinaryFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Binaries");

    public static byte[] Bytes(string module)
    {
        var path = Path.Combine(Folder, module + ".elf.gz");
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"no fixture {path}: tests/Subinterp.CompatMatrix.Tests/Fixtures/Binaries/make-fixtures.sh makes them");
        }
        using var input = new GZipStream(System.IO.File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The fixture written out as a file, as the matrix reads it.</summary>
    public static string File(string module)
    {
        var path = Path.Combine(Path.GetTempPath(), $"subinterp-fixture-{Environment.ProcessId}-{module}.so");
        System.IO.File.WriteAllBytes(path, Bytes(module));
        return path;
    }
}
