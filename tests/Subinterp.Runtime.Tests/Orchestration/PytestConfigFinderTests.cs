using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Orchestration;

public sealed class PytestConfigFinderTests
{
    [Theory]
    [InlineData("pytest.ini", "[pytest]\n")]
    [InlineData("pyproject.toml", "[project]\nname='x'\n[tool.pytest.ini_options]\naddopts='-q'\n")]
    [InlineData("tox.ini", "[tox]\n[pytest]\n")]
    [InlineData("setup.cfg", "[metadata]\n[tool:pytest]\n")]
    public void FindsPytestConfigurationAboveTheTests(string file, string content)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine(".git"));
        Directory.CreateDirectory(dir.Combine("tests"));
        File.WriteAllText(dir.Combine(file), content);

        Assert.Equal(dir.Combine(file), PytestConfigFinder.Find([dir.Combine("tests")]));
    }

    [Fact]
    public void IgnoresFilesWithoutAPytestSectionAndStopsAtTheRepositoryRoot()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("repo", ".git"));
        Directory.CreateDirectory(dir.Combine("repo", "tests"));
        File.WriteAllText(dir.Combine("repo", "pyproject.toml"), "[project]\nname='x'\n");
        File.WriteAllText(dir.Combine("pytest.ini"), "[pytest]\n"); // above the repository: not ours

        Assert.Null(PytestConfigFinder.Find([dir.Combine("repo", "tests")]));
    }
}
