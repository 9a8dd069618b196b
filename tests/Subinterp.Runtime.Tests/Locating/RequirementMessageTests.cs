using System.Runtime.InteropServices;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Locating;

/// <summary>
/// Builds this machine lacks (static, free-threaded, broken): a fake probe answers for them so
/// each refusal's message can be checked. Real interpreters cover the accepted path elsewhere.
/// </summary>
public sealed class RequirementMessageTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string executable;
    private readonly string libDir;

    public RequirementMessageTests()
    {
        executable = temp.WriteExecutable("prefix/bin/python3.13", "#!/bin/sh\nexit 1\n");
        libDir = temp.Combine("prefix", "lib");
        Directory.CreateDirectory(libDir);
    }

    public void Dispose() => temp.Dispose();

    private PythonLocatorException Refusal(PythonFacts facts) =>
        Assert.Throws<PythonLocatorException>(() =>
            new PythonLocator(TestEnvironment.Only(), new FakeProbe(_ => facts)).Locate(executable));

    [Fact]
    public void A_static_build_is_refused_with_the_rebuild_command()
    {
        var error = Refusal(FakeProbe.CPython(executable, "3.13.0", libDir, shared: false));

        Assert.Contains($"CPython 3.13.0 at {executable} was built without --enable-shared", error.Message);
        Assert.Contains("`PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.13.0`", error.Message);
        Assert.Contains("a distribution Python that ships libpython3.13.so", error.Message);
    }

    [Fact]
    public void A_free_threaded_build_is_refused_with_the_reason()
    {
        var error = Refusal(FakeProbe.CPython(executable, "3.13.0", libDir, freeThreaded: true));

        Assert.Contains($"CPython 3.13.0 at {executable} is a free-threaded build", error.Message);
        Assert.Contains("which Subinterp does not support: its objects have another header", error.Message);
        Assert.Contains("Use the default (GIL) build of CPython 3.13.", error.Message);
    }

    [Fact]
    public void A_missing_library_is_named()
    {
        var error = Refusal(FakeProbe.CPython(executable, "3.13.0", libDir));

        Assert.Contains($"its library {Path.Join(libDir, "libpython3.13.so")} does not exist", error.Message);
    }

    [Fact]
    public void A_library_that_is_not_a_shared_object_is_refused()
    {
        File.WriteAllText(Path.Join(libDir, "libpython3.13.so"), "INPUT(-lpython3.13)");

        var error = Refusal(FakeProbe.CPython(executable, "3.13.0", libDir));

        Assert.Contains("that this process cannot load: it is not an ELF shared library", error.Message);
    }

    [Fact]
    public void A_library_for_another_architecture_is_refused()
    {
        var header = new byte[64];
        "\u007fELF"u8.CopyTo(header);
        header[4] = 2; // 64-bit
        header[5] = 1; // little-endian
        header[16] = 3; // shared object
        var other = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? (ushort)0x3E : (ushort)0xB7;
        BitConverter.GetBytes(other).CopyTo(header, 18);
        File.WriteAllBytes(Path.Join(libDir, "libpython3.13.so"), header);

        var error = Refusal(FakeProbe.CPython(executable, "3.13.0", libDir));

        Assert.Contains("cannot load: it is built for", error.Message);
    }

    [Fact]
    public void An_old_CPython_is_refused_for_lack_of_a_per_interpreter_GIL()
    {
        var error = Refusal(FakeProbe.CPython(executable, "3.11.7", libDir));

        Assert.Equal(
            $"CPython 3.11.7 at {executable} has no per-interpreter GIL (PEP 684); Subinterp needs CPython 3.12 or newer. "
            + "Install one with a shared library, e.g. `PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.13`, and select it by version or path.",
            error.Message);
    }

    [Fact]
    public void Another_implementation_is_refused()
    {
        var facts = FakeProbe.CPython(executable, "3.13.0", libDir);
        var pypy = new PythonFacts
        {
            Version = facts.Version, VersionText = facts.VersionText, Implementation = "pypy", Executable = facts.Executable,
            Prefix = facts.Prefix, BasePrefix = facts.BasePrefix, LibDir = facts.LibDir, EnableShared = true,
        };

        var error = Refusal(pypy);

        Assert.Contains("pypy 3.13.0", error.Message);
        Assert.Contains("is not CPython", error.Message);
    }

    [Fact]
    public void Unsupported_installations_are_found_but_not_supported_and_Locate_explains_each()
    {
        var path = temp.Combine("prefix", "bin");
        var locator = new PythonLocator(
            TestEnvironment.Only(("PATH", path)),
            new FakeProbe(_ => FakeProbe.CPython(executable, "3.13.0", libDir, shared: false)));

        Assert.Single(locator.FindAll());
        Assert.Empty(locator.FindSupported());
        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate(null));
        Assert.StartsWith("No usable Python found:", error.Message);
        Assert.Contains("was built without --enable-shared", error.Message);
    }
}
