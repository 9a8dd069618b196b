using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

/// <summary>
/// Each discovery source on its own, pointed at a directory the test lays out with links to a
/// real interpreter, so the source is exercised without depending on this machine's layout.
/// </summary>
public sealed class InjectedDiscoveryTests
{
    private static string RealInterpreter => RealPath.Resolve(InstalledPythons.Newest.Executable);

    [Fact]
    public void PATH_directories_are_searched()
    {
        using var temp = new TempDirectory();
        temp.Link("bin/python3", RealInterpreter);
        var locator = new PythonLocator(TestEnvironment.Only(("PATH", temp.Combine("bin"))));

        var python = Assert.Single(locator.FindAll());

        Assert.Equal("PATH", python.Source);
        Assert.Equal(InstalledPythons.Newest.VersionText, python.VersionText);
    }

    [Fact]
    public void Candidates_that_fail_are_ignored_during_discovery()
    {
        using var temp = new TempDirectory();
        // What a pyenv shim does for an installed version that is not selected.
        temp.WriteExecutable("bin/python3.99", "#!/bin/sh\necho \"pyenv: python3.99: command not found\" >&2\nexit 127\n");
        temp.WriteExecutable("bin/python", "#!/bin/sh\nsleep 0\n");
        temp.Link("bin/python3", RealInterpreter);
        var locator = new PythonLocator(TestEnvironment.Only(("PATH", temp.Combine("bin"))));

        var python = Assert.Single(locator.FindAll());

        Assert.Equal(InstalledPythons.Newest.VersionText, python.VersionText);
    }

    [Fact]
    public void Pyenv_versions_are_searched_under_PYENV_ROOT()
    {
        using var temp = new TempDirectory();
        temp.Link("versions/9.9.9/bin/python3", RealInterpreter);
        var locator = new PythonLocator(TestEnvironment.Only(("PYENV_ROOT", temp.Path)));

        var python = Assert.Single(locator.FindAll());

        Assert.Equal("pyenv", python.Source);
    }

    [Fact]
    public void Pyenv_defaults_to_the_home_directory()
    {
        using var temp = new TempDirectory();
        temp.Link(".pyenv/versions/9.9.9/bin/python3", RealInterpreter);
        var locator = new PythonLocator(TestEnvironment.Only(("HOME", temp.Path)));

        Assert.Equal("pyenv", Assert.Single(locator.FindAll()).Source);
    }

    [Fact]
    public void Uv_installs_are_searched_under_UV_PYTHON_INSTALL_DIR()
    {
        using var temp = new TempDirectory();
        temp.Link("cpython-9.9.9-linux-x86_64-gnu/bin/python3", RealInterpreter);
        var locator = new PythonLocator(TestEnvironment.Only(("UV_PYTHON_INSTALL_DIR", temp.Path)));

        Assert.Equal("uv", Assert.Single(locator.FindAll()).Source);
    }

    [Fact]
    public void Uv_defaults_to_the_home_data_directory()
    {
        using var temp = new TempDirectory();
        temp.Link(".local/share/uv/python/cpython-9.9.9-linux-x86_64-gnu/bin/python3", RealInterpreter);
        var locator = new PythonLocator(TestEnvironment.Only(("HOME", temp.Path)));

        Assert.Equal("uv", Assert.Single(locator.FindAll()).Source);
    }

    [Fact]
    public void The_same_interpreter_found_twice_is_listed_once_under_the_first_source()
    {
        using var temp = new TempDirectory();
        temp.Link("bin/python3", RealInterpreter);
        temp.Link("bin/python", RealInterpreter);
        temp.Link("pyenv/versions/9.9.9/bin/python3", RealInterpreter);
        var locator = new PythonLocator(TestEnvironment.Only(("PATH", temp.Combine("bin")), ("PYENV_ROOT", temp.Combine("pyenv"))));

        Assert.Equal("PATH", Assert.Single(locator.FindAll()).Source);
    }

    [Fact]
    public void Nothing_found_says_where_it_looked_and_what_is_needed()
    {
        using var temp = new TempDirectory();
        var locator = new PythonLocator(TestEnvironment.Only(("HOME", temp.Path), ("PATH", temp.Combine("bin"))));

        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate(null));

        Assert.StartsWith("No Python found. Looked in", error.Message);
        Assert.Contains(temp.Combine("bin"), error.Message);
        Assert.Contains(temp.Combine(".pyenv", "versions"), error.Message);
        Assert.Contains(temp.Combine(".local", "share", "uv", "python"), error.Message);
        Assert.Contains("CPython 3.12 or newer built with a shared library", error.Message);
    }
}
