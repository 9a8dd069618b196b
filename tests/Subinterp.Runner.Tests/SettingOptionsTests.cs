using System.CommandLine;
using Subinterp.Runner.Commands;
using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runner.Tests;

/// <summary>The command line's layer holds what the user typed, nothing else: an option left out leaves the setting to pyproject.toml and the default.</summary>
public sealed class SettingOptionsTests
{
    private static RunOptions Options(SettingSources command, params string[] args)
    {
        var settings = new SettingOptions(command);
        var root = new RootCommand();
        var sub = new Command("run");
        settings.AddTo(sub);
        root.Subcommands.Add(sub);
        var parse = root.Parse(["run", .. args]);
        Assert.Empty(parse.Errors);
        return settings.Read(parse).SearchProjectFrom(["/"]).Build();
    }

    [Fact]
    public void OptionsLeftOutKeepTheirDefaults()
    {
        var options = Options(SettingSources.Run, "tests");
        var defaults = RunConfiguration.Defaults;

        Assert.Equal(["tests"], options.Paths);
        Assert.Equal((defaults.CompareProcess, defaults.Resume, defaults.Jobs, defaults.ModuleTimeoutSeconds, defaults.DefaultModuleTimeoutSeconds),
            (options.CompareProcess, options.Resume, options.Jobs, options.ModuleTimeoutSeconds, options.DefaultModuleTimeoutSeconds));
    }

    [Fact]
    public void EachSettingIsAnOptionAndAFlagOnByDefaultHasItsNoForm()
    {
        var options = Options(SettingSources.Run, "tests", "--no-compare-process", "-j", "3", "--mode", "both", "--fail-on", "all", "--test", "a", "--test", "b", "-k", "x", "--timeout", "0");

        Assert.False(options.CompareProcess);
        Assert.Equal((3, true), (options.Jobs, options.BothModes));
        Assert.Equal(["all"], options.ExitPolicy.Terms);
        Assert.Equal(["a", "b"], options.TestIds);
        Assert.Equal(["x"], options.Keywords);
        Assert.Equal((null, null), (options.ModuleTimeoutSeconds, options.DefaultModuleTimeoutSeconds));
    }

    [Fact]
    public void ListTakesOnlyTheSettingsThatShapeAListing()
    {
        var list = new Command("list");
        new SettingOptions(SettingSources.List).AddTo(list);
        var names = list.Options.Select(option => option.Name).ToHashSet();

        Assert.Contains("--mode", names);
        Assert.Contains("--config", names);
        Assert.DoesNotContain("--fail-on", names);
        Assert.DoesNotContain("--resume", names);
    }
}
