using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Configuration;

/// <summary>[tool.subinterp] in pyproject.toml: found from the test paths up, read strictly, every mistake named with its file and key.</summary>
public sealed class ProjectConfigTests
{
    private static string Write(TempDirectory folder, string toml, string at = "")
    {
        var directory = folder.Combine(at);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ProjectConfig.FileName);
        File.WriteAllText(path, toml);
        return path;
    }

    [Fact]
    public void Reads_every_setting_and_the_allow_list()
    {
        using var folder = new TempDirectory();
        var file = Write(folder, """
            [tool.subinterp]
            paths = ["tests", "more"]
            pattern = "check_*.py"
            jobs = 3
            mode = "both"
            engine = "unittest"
            timeout = 120
            test-timeout = 2.5
            fail-on = ["test-code", "stdlib"]
            compare-process = false

            [[tool.subinterp.allow]]
            module = "tests.test_legacy_*"
            kind = "unsafe"
            match = "_legacy_ext"
            reason = "single-phase until 2.0"
            """);

        var config = ProjectConfig.Load(file)!;

        Assert.Equal([folder.Combine("tests"), folder.Combine("more")], config.Paths);
        Assert.Equal(("check_*.py", 3, "both", "unittest", 120.0, 2.5, false), (config.Pattern, config.Jobs, config.Mode, config.Engine, config.Timeout, config.TestTimeout, config.CompareProcess));
        Assert.Equal(["test-code", "stdlib"], config.FailOn);
        Assert.Equal(new AllowedFinding("tests.test_legacy_*", "unsafe", "_legacy_ext", "single-phase until 2.0"), Assert.Single(config.Allowed));
        var policy = config.Policy(null);
        Assert.Equal([FindingOrigins.TestCode, FindingOrigins.Stdlib], policy.Origins);
        Assert.Equal([FindingOrigins.Cpython], config.Policy(["cpython"]).Origins);
    }

    [Fact]
    public void Is_found_from_the_paths_up_and_a_pyproject_without_the_section_is_passed_over()
    {
        using var folder = new TempDirectory();
        Write(folder, "[tool.subinterp]\njobs = 1\n");
        Write(folder, "[project]\nname = \"inner\"\n", "pkg");
        Directory.CreateDirectory(folder.Combine("pkg/tests"));

        var config = ProjectConfig.Find(null, [folder.Combine("pkg/tests")], "/");

        Assert.Equal(Path.Combine(folder.Path, ProjectConfig.FileName), config!.File);
        Assert.Null(ProjectConfig.Find(null, ["/"], "/"));
    }

    [Theory]
    [InlineData("[tool.subinterp]\nbogus = 1\n", "tool.subinterp.bogus is not a setting Subinterp knows; the settings are paths, pattern")]
    [InlineData("[tool.subinterp]\njobs = \"2\"\n", "tool.subinterp.jobs must be a whole number from 1 to 1024")]
    [InlineData("[tool.subinterp]\nmode = \"shared\"\n", "tool.subinterp.mode must be one of isolated, legacy, both (got \"shared\")")]
    [InlineData("[tool.subinterp]\ntimeout = -1\n", "tool.subinterp.timeout must be a positive number of seconds")]
    [InlineData("[tool.subinterp]\nfail-on = \"everything\"\n", "tool.subinterp.fail-on is wrong: unknown value 'everything'")]
    [InlineData("[tool.subinterp]\ncompare-process = \"yes\"\n", "tool.subinterp.compare-process must be true or false")]
    [InlineData("[[tool.subinterp.allow]]\nmodule = \"x\"\n", "tool.subinterp.allow[0] needs reason = ")]
    [InlineData("[[tool.subinterp.allow]]\nreason = \"r\"\n", "tool.subinterp.allow[0] needs module = ")]
    [InlineData("[[tool.subinterp.allow]]\nmodule = \"x\"\nreason = \"r\"\nkind = \"leaks\"\n", "tool.subinterp.allow[0].kind must be one of crash, timeout, unsafe, leak, effect (got \"leaks\")")]
    [InlineData("[tool.subinterp]\nallow = 3\n", "tool.subinterp.allow must be an array of tables")]
    [InlineData("[tool.subinterp\n", "not valid TOML")]
    public void A_mistake_is_named_with_its_file_and_key(string toml, string message)
    {
        using var folder = new TempDirectory();
        var file = Write(folder, toml);

        var error = Assert.Throws<RunSetupException>(() => ProjectConfig.Load(file));

        Assert.StartsWith(file + ": ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void An_explicit_file_must_exist_and_have_the_section()
    {
        using var folder = new TempDirectory();
        var empty = Write(folder, "[project]\nname = \"x\"\n");

        Assert.Contains("no such file", Assert.Throws<RunSetupException>(() => ProjectConfig.Find(folder.Combine("missing.toml"), [], "/")).Message);
        Assert.Contains("it has no [tool.subinterp] section", Assert.Throws<RunSetupException>(() => ProjectConfig.Find(empty, [], "/")).Message);
    }
}
