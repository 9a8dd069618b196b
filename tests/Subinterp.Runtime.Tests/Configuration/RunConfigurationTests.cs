using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Session;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Configuration;

/// <summary>One precedence rule for every setting: default, then pyproject.toml, then MSBuild, then the run settings, then the command line.</summary>
public sealed class RunConfigurationTests
{
    private static SettingValue Jobs(SettingLayer layer, object raw) => new(RunConfiguration.Jobs, layer, raw, $"jobs in {layer}");

    [Fact]
    public void The_nearest_layer_wins_whatever_order_the_values_came_in()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine(ProjectConfig.FileName), "[tool.subinterp]\njobs = 2\nmode = \"legacy\"\n");
        RunOptions With(params SettingValue[] values)
        {
            var builder = new RunConfigurationBuilder(folder.Path).SearchProjectFrom([folder.Path]);
            foreach (var value in values)
            {
                builder.Add(value);
            }
            return builder.Build();
        }

        Assert.Equal(2, With().Jobs);
        Assert.Equal(3, With(Jobs(SettingLayer.MSBuild, "3")).Jobs);
        Assert.Equal(4, With(Jobs(SettingLayer.RunSettings, "4"), Jobs(SettingLayer.MSBuild, "3")).Jobs);
        Assert.Equal(5, With(Jobs(SettingLayer.CommandLine, "5"), Jobs(SettingLayer.RunSettings, "4"), Jobs(SettingLayer.MSBuild, "3")).Jobs);
        // What no layer overrides still comes from the file.
        Assert.Equal(InterpreterMode.Legacy, With(Jobs(SettingLayer.CommandLine, "5")).Mode);
    }

    [Fact]
    public void Every_value_given_is_checked_even_one_a_nearer_layer_overrides()
    {
        using var folder = new TempDirectory();
        var builder = new RunConfigurationBuilder(folder.Path).SearchProjectFrom([folder.Path])
            .Add(Jobs(SettingLayer.MSBuild, "many"))
            .Add(Jobs(SettingLayer.CommandLine, "2"));

        Assert.Equal("jobs in MSBuild is 'many': give a whole number of slots, at least 1.", Assert.Throws<RunSetupException>(builder.Build).Message);
    }

    [Fact]
    public void A_setting_a_source_does_not_take_is_refused_there()
    {
        var builder = new RunConfigurationBuilder("/");

        Assert.Throws<ArgumentException>(() => builder.Add(new SettingValue(RunConfiguration.StateDir, SettingLayer.Project, "x", "state-dir")));
        Assert.Null(RunConfiguration.Named("state-dir", SettingSources.Project));
        Assert.Same(RunConfiguration.TestTimeout, RunConfiguration.Named("TestTimeout", SettingSources.RunSettings));
    }

    [Fact]
    public void Mode_names_are_read_in_one_place()
    {
        Assert.Equal([InterpreterMode.Isolated, InterpreterMode.Legacy], InterpreterModeNames.Parse("both"));
        Assert.Null(InterpreterModeNames.Parse("shared"));
        var both = new RunConfigurationBuilder("/").SearchProjectFrom(["/"]).Add(new SettingValue(RunConfiguration.Mode, SettingLayer.RunSettings, "both", "<Mode>")).Build();
        Assert.Equal((InterpreterMode.Isolated, true), (both.Mode, both.BothModes));
        Assert.Equal("both", RunConfiguration.Mode.Of(both));
    }

    [Fact]
    public void The_default_module_timeout_is_enforced_from_outside_and_zero_turns_it_off()
    {
        var defaults = RunConfiguration.Defaults;
        Assert.Equal((null, 1200.0), (defaults.ModuleTimeoutSeconds, defaults.DefaultModuleTimeoutSeconds));
        Assert.StartsWith("1200 (20 minutes", RunConfiguration.Timeout.DefaultText);

        var given = new RunConfigurationBuilder("/").SearchProjectFrom(["/"]).Add(new SettingValue(RunConfiguration.Timeout, SettingLayer.CommandLine, "30", "--timeout")).Build();
        Assert.Equal((30.0, 1200.0), (given.ModuleTimeoutSeconds, given.DefaultModuleTimeoutSeconds));
        var off = new RunConfigurationBuilder("/").SearchProjectFrom(["/"]).Add(new SettingValue(RunConfiguration.Timeout, SettingLayer.CommandLine, "0", "--timeout")).Build();
        Assert.Equal((null, null), (off.ModuleTimeoutSeconds, off.DefaultModuleTimeoutSeconds));
    }

    [Fact]
    public void A_caller_of_the_session_gets_the_same_rule_named_as_the_command_line_spells_it()
    {
        var error = Assert.Throws<RunSetupException>(() => RequestValidation.Validate(new RunOptions { Paths = ["x"], Jobs = 0 }));
        Assert.Equal("--jobs is 0: give a whole number of slots, at least 1.", error.Message);
        Assert.Contains("--repeat-lifecycles is 2: give 1 (off) or at least 4 lifecycles",
            Assert.Throws<RunSetupException>(() => RequestValidation.Validate(new RunOptions { Paths = ["x"], RepeatLifecycles = 2 })).Message);
    }
}
