using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Configuration;

/// <summary>[tool.subinterp] in pyproject.toml: found from the test paths up, read strictly, every mistake named with its file, line, column and key.</summary>
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

    private static RunOptions Build(TempDirectory folder, params SettingValue[] given)
    {
        var builder = new RunConfigurationBuilder(folder.Path);
        foreach (var value in given)
        {
            builder.Add(value);
        }
        return builder.Build();
    }

    [Fact]
    public void Reads_every_setting_and_the_allow_list()
    {
        using var folder = new TempDirectory();
        Write(folder, """
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
            python = "3.13"
            output-limit = 100
            memory-limit = 0
            max-worker-restarts = 2
            repeat-lifecycles = 6

            [[tool.subinterp.allow]]
            module = "tests.test_legacy_*"
            kind = "unsafe"
            match = "_legacy_ext"
            reason = "single-phase until 2.0"
            """);

        var options = Build(folder);

        Assert.Equal([folder.Combine("tests"), folder.Combine("more")], options.Paths);
        Assert.Equal(("check_*.py", 3, InterpreterMode.Isolated, true, EngineChoice.Unittest, 120.0, 2.5, false),
            (options.Pattern, options.Jobs, options.Mode, options.BothModes, options.Engine, options.ModuleTimeoutSeconds, options.TestTimeoutSeconds, options.CompareProcess));
        Assert.Equal(("3.13", 100, 0, 2, 6), (options.Python, options.OutputLimitBytes, options.MemoryLimitMegabytes, options.MaxWorkerRestarts, options.RepeatLifecycles));
        Assert.Equal([FindingOrigins.TestCode, FindingOrigins.Stdlib], options.ExitPolicy.Origins);
        Assert.Equal(new AllowedFinding("tests.test_legacy_*", "unsafe", "_legacy_ext", "single-phase until 2.0"), Assert.Single(options.ExitPolicy.Allowed));
    }

    [Fact]
    public void The_command_line_wins_and_the_allow_list_stays()
    {
        using var folder = new TempDirectory();
        Write(folder, """
            [tool.subinterp]
            jobs = 3
            fail-on = "stdlib"
            [[tool.subinterp.allow]]
            module = "x"
            reason = "r"
            """);

        var options = Build(folder,
            new SettingValue(RunConfiguration.Paths, SettingLayer.CommandLine, new[] { folder.Path }, "the test paths"),
            new SettingValue(RunConfiguration.Jobs, SettingLayer.CommandLine, "1", "--jobs"),
            new SettingValue(RunConfiguration.FailOn, SettingLayer.CommandLine, new[] { "cpython" }, "--fail-on"));

        Assert.Equal(1, options.Jobs);
        Assert.Equal([FindingOrigins.Cpython], options.ExitPolicy.Origins);
        Assert.Equal("x", Assert.Single(options.ExitPolicy.Allowed).Module);
    }

    [Fact]
    public void Is_found_from_the_paths_up_and_a_pyproject_without_the_section_is_passed_over()
    {
        using var folder = new TempDirectory();
        Write(folder, "[tool.subinterp]\njobs = 1\n");
        Write(folder, "[project]\nname = \"inner\"\n", "pkg");
        Directory.CreateDirectory(folder.Combine("pkg/tests"));

        var config = ProjectConfig.Find(null, null, [folder.Combine("pkg/tests")], "/");

        Assert.Equal(Path.Combine(folder.Path, ProjectConfig.FileName), config!.File);
        Assert.Null(ProjectConfig.Find(null, null, ["/"], "/"));
    }

    [Theory]
    [InlineData("[tool.subinterp]\nbogus = 1\n", ":2:1: tool.subinterp.bogus is not a Subinterp setting: the settings are paths, python, mode, jobs")]
    [InlineData("[tool.subinterp]\njbos = 1\n", ":2:1: tool.subinterp.jbos is not a Subinterp setting: the settings are paths, python, mode, jobs, engine, pattern, timeout")]
    [InlineData("[tool.subinterp]\n\njobs = \"2\"\n", ":3:1: tool.subinterp.jobs is the string \"2\": give a whole number of slots, at least 1.")]
    [InlineData("[tool.subinterp]\njobs = 0\n", ":2:1: tool.subinterp.jobs is 0: give a whole number of slots, at least 1.")]
    [InlineData("[tool.subinterp]\nmode = \"shared\"\n", ":2:1: tool.subinterp.mode is the string \"shared\": use isolated, legacy or both.")]
    [InlineData("[tool.subinterp]\ntimeout = -1\n", ":2:1: tool.subinterp.timeout is -1: give a number of seconds, or 0 for no limit.")]
    [InlineData("[tool.subinterp]\nfail-on = \"everything\"\n", ":2:1: tool.subinterp.fail-on is the string \"everything\": use origins (test-code, stdlib, cpython, all)")]
    [InlineData("[tool.subinterp]\ncompare-process = \"yes\"\n", ":2:1: tool.subinterp.compare-process is the string \"yes\": give true or false.")]
    [InlineData("[tool.subinterp]\npaths = [\"a\", 1]\n", ":2:1: tool.subinterp.paths is the list [\"a\", 1]: give test folders or .py files.")]
    [InlineData("[tool.subinterp]\nstate-dir = \"x\"\n", ":2:1: tool.subinterp.state-dir is not a Subinterp setting")]
    [InlineData("[[tool.subinterp.allow]]\nmodule = \"x\"\n", ":2:1: tool.subinterp.allow[0] needs reason = ")]
    [InlineData("[[tool.subinterp.allow]]\nreason = \"r\"\n", ":2:1: tool.subinterp.allow[0] needs module = ")]
    [InlineData("[[tool.subinterp.allow]]\nmodule = \"x\"\nreason = \"r\"\nkind = \"leaks\"\n", ":4:1: tool.subinterp.allow[0].kind is \"leaks\": use one of crash, timeout, unsafe, leak, effect.")]
    [InlineData("[[tool.subinterp.allow]]\nmodule = \"x\"\nreason = \"r\"\nreasn = \"r\"\n", ":4:1: tool.subinterp.allow[0].reasn is not a key of an allow entry: the keys are module, kind, match, reason. Did you mean reason?")]
    [InlineData("[tool.subinterp]\nallow = 3\n", ":2:1: tool.subinterp.allow is 3: make it an array of tables, [[tool.subinterp.allow]].")]
    [InlineData("[tool]\nsubinterp = 3\n", ":2:1: tool.subinterp is 3: make it a table, [tool.subinterp].")]
    public void A_mistake_is_named_with_its_file_line_column_and_key(string toml, string message)
    {
        using var folder = new TempDirectory();
        var file = Write(folder, toml);

        var error = Assert.Throws<RunSetupException>(() => ProjectConfig.Load(file));

        Assert.StartsWith(file + message, error.Message);
    }

    [Fact]
    public void A_near_miss_of_a_key_is_suggested()
    {
        using var folder = new TempDirectory();
        var file = Write(folder, "[tool.subinterp]\ntest-timout = 3\n");

        Assert.EndsWith("Did you mean test-timeout?", Assert.Throws<RunSetupException>(() => ProjectConfig.Load(file)).Message);
    }

    [Theory]
    [InlineData("[tool.subinterp\njobs = 2\n", ":1:16: not valid TOML: expected ']' but found the end of the line. Fix the file.")]
    [InlineData("[tool.subinterp]\njobs = 2\njobs = 3\n", ":3:1: not valid TOML: tool.subinterp.jobs is set twice (first on line 2). Fix the file.")]
    [InlineData("[tool.subinterp]\nmode = both\n", ":2:8: not valid TOML: 'both' is not a value (a string needs quotes: \"both\"). Fix the file.")]
    [InlineData("[tool.subinterp]\njobs = \n", ":2:8: not valid TOML: the value after '=' is missing. Fix the file.")]
    [InlineData("[tool.subinterp]\njobs 2\n", ":2:6: not valid TOML: expected '=' after the key, found '2'. Fix the file.")]
    [InlineData("[tool.subinterp]\npattern = \"test*.py\n", ":2:20: not valid TOML: a string is not closed before the end of the line. Fix the file.")]
    [InlineData("[tool.subinterp]\npaths = [\"a\" \"b\"]\n", ":2:14: not valid TOML: a ',' is missing between two items of a list. Fix the file.")]
    public void A_file_that_is_not_toml_is_named_with_the_line_and_column_in_our_words(string toml, string message)
    {
        using var folder = new TempDirectory();
        var file = Write(folder, toml);

        var error = Assert.Throws<RunSetupException>(() => ProjectConfig.Load(file));

        Assert.Equal(file + message, error.Message);
        Assert.DoesNotContain("Tomlyn", error.Message);
        Assert.DoesNotContain("token", error.Message);
    }

    [Fact]
    public void An_explicit_file_must_exist_and_have_the_section()
    {
        using var folder = new TempDirectory();
        var empty = Write(folder, "[project]\nname = \"x\"\n");
        var missing = folder.Combine("missing.toml");

        Assert.Equal($"--config is '{missing}': no such file. Give the path of a pyproject.toml with a [tool.subinterp] section.",
            Assert.Throws<RunSetupException>(() => Build(folder, new SettingValue(RunConfiguration.Config, SettingLayer.CommandLine, missing, "--config"))).Message);
        Assert.Contains("it has no [tool.subinterp] section. Add one, or leave --config out.",
            Assert.Throws<RunSetupException>(() => Build(folder, new SettingValue(RunConfiguration.Config, SettingLayer.CommandLine, empty, "--config"))).Message);
    }
}
