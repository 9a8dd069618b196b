using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

public sealed class EnvironmentVariableTests
{
    // The oldest supported one, so choosing it cannot be mistaken for the newest-first default.
    private static PythonInstallation Oldest => InstalledPythons.Supported.Count > 0
        ? InstalledPythons.Supported[^1]
        : throw new PythonLocatorException(InstalledPythons.NoneFoundMessage);

    [Fact]
    public void SUBINTERP_PYTHON_naming_an_executable_is_used()
    {
        var locator = new PythonLocator(TestEnvironment.CurrentWith(("SUBINTERP_PYTHON", Oldest.Executable)));

        var python = locator.Locate(null);

        Assert.Equal(Oldest.Executable, python.Executable);
        Assert.Equal(PythonLocator.EnvironmentVariable, python.Source);
    }

    [Fact]
    public void SUBINTERP_PYTHON_naming_a_version_is_used()
    {
        var minor = $"{Oldest.Version.Major}.{Oldest.Version.Minor}";
        var locator = new PythonLocator(TestEnvironment.CurrentWith(("SUBINTERP_PYTHON", minor)));

        var python = locator.Locate("");

        Assert.Equal((Oldest.Version.Major, Oldest.Version.Minor), (python.Version.Major, python.Version.Minor));
    }

    [Fact]
    public void A_bad_SUBINTERP_PYTHON_is_reported_as_such()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("python3");
        var locator = new PythonLocator(TestEnvironment.CurrentWith(("SUBINTERP_PYTHON", missing)));

        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate(null));

        Assert.StartsWith($"SUBINTERP_PYTHON is set to '{missing}': {missing} does not exist", error.Message);
    }

    [Fact]
    public void An_explicit_request_wins_over_SUBINTERP_PYTHON()
    {
        var locator = new PythonLocator(TestEnvironment.CurrentWith(("SUBINTERP_PYTHON", "/nonexistent/python3")));

        var python = locator.Locate(Oldest.Executable);

        Assert.Equal(PythonLocator.RequestSource, python.Source);
    }

    [Fact]
    public void SUBINTERP_PYTHON_is_listed_by_discovery()
    {
        using var temp = new TempDirectory();
        var venv = temp.Combine("venv");
        ProcessRunner.Run(Oldest.Executable, "-m", "venv", "--without-pip", venv);
        var locator = new PythonLocator(TestEnvironment.Only(("SUBINTERP_PYTHON", venv)));

        var python = Assert.Single(locator.FindSupported());

        Assert.Equal(venv, python.Prefix);
        Assert.Equal(PythonLocator.EnvironmentVariable, python.Source);
    }
}
