using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

/// <summary>Each supported installation's facts, checked against what its interpreter reports when asked directly.</summary>
public sealed class InstallationFactsTests
{
    [PythonTheory]
    public void Facts_match_the_interpreter(PythonInstallation python)
    {
        var reported = ProcessRunner.Run(
            python.Executable, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.prefix)").Split('\n');

        Assert.Equal(python.Version.ToString(3), reported[0].Trim());
        Assert.Equal(python.Prefix, reported[1].Trim());
        Assert.False(python.IsVirtualEnvironment);
        Assert.True(python.SupportsOwnGil);
        Assert.True(python.Shared);
        Assert.False(python.FreeThreaded);
        Assert.Equal("cpython", python.Implementation);
    }

    [PythonTheory]
    public void Executable_and_library_are_real_files(PythonInstallation python)
    {
        Assert.True(Path.IsPathFullyQualified(python.Executable));
        Assert.True(File.Exists(python.Executable), python.Executable);
        Assert.NotEqual("shims", Path.GetFileName(Path.GetDirectoryName(python.Executable))); // a shim was resolved, not kept

        Assert.NotNull(python.Library);
        Assert.True(File.Exists(python.Library), python.Library);
        Assert.StartsWith($"libpython{python.Version.Major}.{python.Version.Minor}", Path.GetFileName(python.Library));
        Assert.Null(SharedLibraryFile.FindProblem(python.Library));
    }

    [PythonTheory]
    public void Located_by_its_own_executable_path(PythonInstallation python)
    {
        var located = new PythonLocator(TestEnvironment.CurrentWith()).Locate(python.Executable);

        Assert.Equal(python.Executable, located.Executable);
        Assert.Equal(python.Library, located.Library);
        Assert.Equal(PythonLocator.RequestSource, located.Source);
    }
}
