using Subinterp.CompatMatrix.Binaries;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>A file named like an extension module is one only if it exports the module's init function (real binaries).</summary>
public sealed class ExtensionFileTests
{
    [Fact]
    public void PycryptodomesNativeLibraryIsNotAModule()
    {
        var reason = ExtensionFile.NotAModule("Cryptodome.Cipher._raw_ecb", BinaryFixtures.File("Cryptodome.Cipher._raw_ecb"));

        Assert.NotNull(reason);
        Assert.Contains("exports no PyInit__raw_ecb", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tornado.speedups")]
    [InlineData("bcrypt._bcrypt")]
    [InlineData("ada92cb5d92a588d1b93__mypyc")]
    public void ARealModuleIsOne(string module)
    {
        Assert.Null(ExtensionFile.NotAModule(module, BinaryFixtures.File(module)));
        Assert.Contains("PyInit_" + module.Split('.')[^1], ElfExports.Read(BinaryFixtures.Bytes(module))!);
    }

    [Fact]
    public void AFileThatIsNotElfIsNotJudged()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "not an ELF file");

        Assert.Null(ElfExports.Read(path));
        Assert.Null(ExtensionFile.NotAModule("m", path));
    }
}
