using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Locating;

/// <summary>Requests that cannot be met: each error names what was given and what would work.</summary>
public sealed class RequestErrorTests
{
    private readonly PythonLocator locator = new(TestEnvironment.CurrentWith());

    [Fact]
    public void A_path_that_does_not_exist_is_named()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("nowhere", "bin", "python3.13");

        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate(missing));

        Assert.Contains($"{missing} does not exist", error.Message);
        Assert.Contains("version such as 3.13", error.Message);
    }

    [Fact]
    public void An_executable_that_is_not_Python_is_refused()
    {
        using var temp = new TempDirectory();
        var script = temp.WriteExecutable("bin/python3", "#!/bin/sh\necho 'not python' >&2\nexit 3\n");

        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate(script));

        Assert.Contains($"{script} is neither a Python executable nor a libpython shared library", error.Message);
        Assert.Contains("exited with code 3: not python", error.Message);
    }

    [Fact]
    public void A_program_that_answers_with_something_else_is_refused()
    {
        using var temp = new TempDirectory();
        var script = temp.WriteExecutable("bin/python3", "#!/bin/sh\necho hello\n");

        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate(script));

        Assert.Contains("did not answer as Python: hello", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_executable_is_refused()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("notes.txt");
        File.WriteAllText(file, "print('hi')");

        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate(file));

        Assert.Contains($"{file} is neither a Python executable nor a libpython shared library (it is not executable)", error.Message);
    }

    [Fact]
    public void A_directory_without_a_python_is_refused()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate(temp.Path));

        Assert.Contains($"{temp.Path} is a directory without bin/python3", error.Message);
    }

    [Fact]
    public void An_unknown_command_name_is_refused()
    {
        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate("no-such-python-anywhere"));

        Assert.Contains("'no-such-python-anywhere' is neither a Python version (such as 3.13), an existing path, nor a command on PATH", error.Message);
    }

    [Fact]
    public void A_free_threaded_version_request_is_refused_with_the_reason()
    {
        var error = Assert.Throws<PythonLocatorException>(() => locator.Locate("3.13t"));

        Assert.Contains("Free-threaded CPython (3.13t) is not supported: its objects have another header", error.Message);
        Assert.Contains("Ask for the default build, 3.13.", error.Message);
    }
}
