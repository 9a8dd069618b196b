using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Orchestration;

public sealed class PytestFilePatternsTests
{
    [Theory]
    [InlineData("pytest.ini", "[pytest]\npython_files = check_*.py  *_spec.py\n")]
    [InlineData(".pytest.ini", "[pytest]\npython_files =\n    check_*.py\n    # a comment between\n    *_spec.py\nxfail_strict = true\n")]
    [InlineData("tox.ini", "[tox]\nenvlist = py313\n[pytest]\npython_files: check_*.py *_spec.py\n[testenv]\npython_files = other_*.py\n")]
    [InlineData("setup.cfg", "[metadata]\nname = x\n\n[tool:pytest]\npython_files = check_*.py\n  *_spec.py\n\n[flake8]\nmax-line-length = 99\n")]
    [InlineData("pyproject.toml", "[tool.pytest.ini_options]\npython_files = \"check_*.py *_spec.py\"\n")]
    [InlineData("pyproject.toml", "[tool.pytest.ini_options]\npython_files = [\n  \"check_*.py\",\n  \"*_spec.py\",\n]\n")]
    public void Reads_python_files_as_pytest_does(string file, string text) =>
        Assert.Equal(["check_*.py", "*_spec.py"], ReadWritten(file, text));

    [Theory]
    [InlineData("pytest.ini", "[pytest]\naddopts = -q\n")]
    [InlineData("tox.ini", "[pytest]\naddopts = -q\n[testenv]\npython_files = other_*.py\n")]
    [InlineData("pyproject.toml", "[tool.pytest.ini_options]\naddopts = \"-q\"\n")]
    public void Without_python_files_it_is_pytests_default(string file, string text)
    {
        Assert.Equal(["test_*.py", "*_test.py"], ReadWritten(file, text));
        Assert.Equal(["test_*.py", "*_test.py"], PytestFilePatterns.Read(null));
    }

    [Fact]
    public void A_python_files_pytest_would_not_take_is_an_error_naming_where_and_the_fix()
    {
        var error = Assert.Throws<RunSetupException>(() => ReadWritten("pyproject.toml", "[tool.pytest.ini_options]\npython_files = 3\n"));

        Assert.Contains("pyproject.toml:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be a string or a list of strings", error.Message, StringComparison.Ordinal);
        Assert.Contains("--pattern", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> ReadWritten(string file, string text)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(file), text);
        return PytestFilePatterns.Read(dir.Combine(file));
    }
}
