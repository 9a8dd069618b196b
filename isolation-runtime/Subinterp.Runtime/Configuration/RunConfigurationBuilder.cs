using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runtime.Configuration;

/// <summary>
/// The one place a run's configuration is put together: the values each front door read (the
/// command line; the adapter's MSBuild manifest and run settings) and [tool.subinterp] of the
/// project's pyproject.toml, layered by <see cref="RunConfiguration"/>'s precedence rule into one
/// validated <see cref="RunOptions"/>. Every value given is checked, even one a nearer layer
/// overrides: a wrong line in pyproject.toml is an error whichever front door reads it.
/// </summary>
public sealed class RunConfigurationBuilder(string workingDirectory)
{
    private readonly List<SettingValue> _values = [];
    private IReadOnlyList<string>? _projectSearch;

    /// <summary>The pyproject.toml whose [tool.subinterp] the last <see cref="Build"/> read, or null.</summary>
    public ProjectConfig? Project { get; private set; }

    /// <exception cref="ArgumentException">The setting cannot be given in that layer (a front door's mistake, not the user's).</exception>
    public RunConfigurationBuilder Add(SettingValue value)
    {
        var source = value.Layer switch
        {
            SettingLayer.CommandLine => SettingSources.CommandLine,
            SettingLayer.Project => SettingSources.Project,
            SettingLayer.MSBuild => SettingSources.MSBuild,
            SettingLayer.RunSettings => SettingSources.RunSettings,
            _ => SettingSources.None,
        };
        if (!value.Setting.Allows(source))
        {
            throw new ArgumentException($"{value.Setting.Key} cannot be given in the {value.Layer} layer.", nameof(value));
        }
        _values.Add(value);
        return this;
    }

    /// <summary>Where the search for pyproject.toml starts when the test paths do not come from the command line (the adapter's test roots).</summary>
    public RunConfigurationBuilder SearchProjectFrom(IReadOnlyList<string> paths)
    {
        _projectSearch = paths;
        return this;
    }

    /// <exception cref="RunSetupException">A value is not what its setting takes, or pyproject.toml is missing, broken or wrong; the message names where and what to write.</exception>
    public RunOptions Build()
    {
        foreach (var value in _values)
        {
            value.Setting.Check(value);
        }
        Project = null;
        // A resumed run takes every option from its journal.
        if (!(Winner(_values, RunConfiguration.Resume) is { } resume && RunConfiguration.Resume.Read(resume)))
        {
            var config = Winner(_values, RunConfiguration.Config);
            var paths = _projectSearch ?? (Winner(_values, RunConfiguration.Paths) is { } given ? RunConfiguration.Paths.Read(given) : []);
            Project = ProjectConfig.Find(config, config is null ? null : RunConfiguration.Config.Read(config), paths, workingDirectory);
        }
        var all = _values.Concat(Project?.Values ?? []).ToList();
        var options = RunConfiguration.Defaults;
        foreach (var setting in RunConfiguration.Settings)
        {
            if (Winner(all, setting) is { } winner)
            {
                options = setting.Apply(options, winner);
            }
        }
        return Project is { Allowed.Count: > 0 } project ? options with { ExitPolicy = options.ExitPolicy with { Allowed = project.Allowed } } : options;
    }

    /// <summary>The value of the nearest layer; within one layer, the last given.</summary>
    private static SettingValue? Winner(IEnumerable<SettingValue> values, RunSetting setting) =>
        values.Where(value => value.Setting == setting).OrderBy(value => value.Layer).LastOrDefault();
}
