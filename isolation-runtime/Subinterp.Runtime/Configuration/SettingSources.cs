namespace Subinterp.Runtime.Configuration;

/// <summary>Where a setting may be given; a source a setting does not allow never offers it (and a name it does not know is an error there).</summary>
[Flags]
public enum SettingSources
{
    None = 0,

    /// <summary>An option of `subinterp run`.</summary>
    Run = 1,

    /// <summary>An option of `subinterp list` as well.</summary>
    List = 2,

    /// <summary>A key of the [tool.subinterp] section of pyproject.toml.</summary>
    Project = 4,

    /// <summary>A property of a .NET test project (`SubinterpJobs`), written into the adapter's manifest at build time.</summary>
    MSBuild = 8,

    /// <summary>An element of the &lt;Subinterp&gt; section of a .runsettings file (`&lt;Jobs&gt;`; `dotnet test -- Subinterp.Jobs=2` sets it too).</summary>
    RunSettings = 16,

    CommandLine = Run | List,
    Everywhere = Run | List | Project | MSBuild | RunSettings,
}

/// <summary>
/// The layers a run's configuration is made of, lowest first: for each setting the value of the
/// highest layer that gives one wins (see <see cref="RunConfiguration"/> for the rule).
/// </summary>
public enum SettingLayer
{
    Default,
    Project,
    MSBuild,
    RunSettings,
    CommandLine,
}

/// <summary>One value of one setting, as its source gave it.</summary>
/// <param name="Raw">A string (the command line, MSBuild, the run settings), a list of strings (a repeated command-line option), a bool (a command-line flag), or a TOML value (pyproject.toml).</param>
/// <param name="Origin">Where it was given, as an error names it: `--jobs`, `/p/pyproject.toml:3:1: tool.subinterp.jobs`, `SubinterpJobs (in …)`, `&lt;Subinterp&gt;&lt;Jobs&gt; in the run settings`.</param>
/// <param name="Folder">The folder a relative path in it is relative to; null: the current folder.</param>
public sealed record SettingValue(RunSetting Setting, SettingLayer Layer, object Raw, string Origin, string? Folder = null);
