using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

public sealed class VirtualEnvironmentTests
{
    [PythonTheory]
    public void A_venv_keeps_its_own_executable_and_prefix_and_uses_the_base_library(PythonInstallation python)
    {
        using var temp = new TempDirectory();
        var venv = temp.Combine("venv");
        ProcessRunner.Run(python.Executable, "-m", "venv", "--without-pip", venv);
        var venvPython = Path.Join(venv, "bin", "python");

        var located = new PythonLocator(TestEnvironment.CurrentWith()).Locate(venvPython);

        Assert.Equal(venvPython, located.Executable);
        Assert.Equal(venv, located.Prefix);
        Assert.Equal(python.BasePrefix, located.BasePrefix);
        Assert.True(located.IsVirtualEnvironment);
        Assert.Equal(python.Library, located.Library);
        Assert.Equal(python.VersionText, located.VersionText);
    }

    [PythonTheory]
    public void A_venv_directory_is_found_through_its_bin_python(PythonInstallation python)
    {
        using var temp = new TempDirectory();
        var venv = temp.Combine("venv");
        ProcessRunner.Run(python.Executable, "-m", "venv", "--without-pip", venv);

        var located = new PythonLocator(TestEnvironment.CurrentWith()).Locate(venv);

        Assert.Equal(venv, located.Prefix);
        Assert.StartsWith(Path.Join(venv, "bin"), located.Executable);
        Assert.Equal(python.Library, located.Library);
    }
}
