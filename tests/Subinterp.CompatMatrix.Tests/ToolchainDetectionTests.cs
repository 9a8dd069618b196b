using Subinterp.CompatMatrix.Binaries;
using Subinterp.CompatMatrix.Catalog;
using Subinterp.CompatMatrix.Toolchains;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>
/// The toolchain read from real binaries: Debian sid's extension modules (reduced fixtures, one per
/// toolchain found there) and the host Pythons' own standard library, all hand-written C.
/// </summary>
public sealed class ToolchainDetectionTests
{
    [Theory]
    [InlineData("bcrypt._bcrypt", ToolchainDetector.PyO3, "0.28.2")]
    [InlineData("orjson.orjson", ToolchainDetector.PyO3Ffi, "0.28.2")]
    [InlineData("aiohttp._websocket.mask", ToolchainDetector.Cython, "3.2.5")]
    [InlineData("nacl._sodium", ToolchainDetector.Cffi, null)]
    [InlineData("charset_normalizer.md", ToolchainDetector.Mypyc, null)]
    [InlineData("ada92cb5d92a588d1b93__mypyc", ToolchainDetector.Mypyc, null)]
    [InlineData("tornado.speedups", ToolchainDetector.HandWrittenC, null)]
    [InlineData("kiwisolver._cext", ToolchainDetector.HandWrittenCpp, null)]
    [InlineData("_cffi_backend", ToolchainDetector.HandWrittenC, null)]
    public void TheToolchainOfARealModuleIsReadFromItsBinary(string module, string toolchain, string? version)
    {
        var found = ToolchainDetector.Detect(module, BinaryFixtures.Bytes(module));

        Assert.Equal(toolchain, found.Name);
        Assert.Equal(version, found.Version);
        Assert.False(string.IsNullOrWhiteSpace(found.Evidence));
    }

    [Fact]
    public void PyO3IsNamedByItsRefusalWhereItsCratePathIsStripped()
    {
        var binary = System.Text.Encoding.ASCII.GetBytes("\0ImportError\0" + ToolchainDetector.PyO3Refusal + ", see https://github.com/PyO3/pyo3/issues/576\0");

        var found = ToolchainDetector.Detect("m", binary);

        Assert.Equal(ToolchainDetector.PyO3, found.Name);
        Assert.Null(found.Version);
    }

    [PythonTheory]
    public void TheStandardLibrarysExtensionModulesAreHandWrittenCAndAllExportTheirInit(PythonInstallation python)
    {
        var catalog = ModuleCatalog.Read(python, new MatrixRequest { Modules = ["stdlib"] });
        var shared = catalog.Modules.Where(m => m.Kind == "stdlib-shared").ToList();

        Assert.True(shared.Count > 20, $"{python} lists {shared.Count} lib-dynload modules");
        Assert.Empty(catalog.NotModules ?? []);
        Assert.All(shared, module => Assert.Equal(ToolchainDetector.HandWrittenC, ToolchainDetector.Detect(module.Name, module.Origin)?.Name));
    }
}
