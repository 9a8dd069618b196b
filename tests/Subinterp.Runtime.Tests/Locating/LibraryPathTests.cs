using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

public sealed class LibraryPathTests
{
    [PythonTheory]
    public void A_libpython_path_resolves_to_the_executable_of_its_installation(PythonInstallation python)
    {
        var located = new PythonLocator(TestEnvironment.CurrentWith()).Locate(python.Library);

        Assert.Equal(python.VersionText, located.VersionText);
        Assert.Equal(RealPath.Resolve(python.Executable), RealPath.Resolve(located.Executable));
        Assert.Equal(RealPath.Resolve(python.Library!), RealPath.Resolve(located.Library!));
        Assert.Equal(PythonLocator.RequestSource, located.Source);
    }

    [PythonTheory]
    public void The_versioned_soname_resolves_too(PythonInstallation python)
    {
        var soname = Directory.EnumerateFiles(Path.GetDirectoryName(python.Library)!,
                $"libpython{python.Version.Major}.{python.Version.Minor}.so.*")
            .FirstOrDefault() ?? python.Library!;

        var located = new PythonLocator(TestEnvironment.CurrentWith()).Locate(soname);

        Assert.Equal(python.VersionText, located.VersionText);
    }

    [Fact]
    public void A_libpython_without_an_executable_beside_it_is_refused()
    {
        using var temp = new TempDirectory();
        var library = Path.Join(temp.Path, "lib", "libpython3.13.so");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.Copy(InstalledPythons.Newest.Library!, library);

        var error = Assert.Throws<PythonLocatorException>(() => new PythonLocator(TestEnvironment.CurrentWith()).Locate(library));

        Assert.Contains(library, error.Message);
        Assert.Contains(Path.Join(temp.Path, "bin", "python3.13"), error.Message);
        Assert.Contains("executable", error.Message);
    }
}
