using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runtime.Configuration;

/// <summary>
/// One run setting: its name in every source (`--test-timeout`, `test-timeout =`,
/// `SubinterpTestTimeout`, `&lt;TestTimeout&gt;`), where it may be given, what it takes and the
/// <see cref="RunOptions"/> field it sets. Every setting is one entry of <see cref="RunConfiguration"/>.
/// </summary>
public abstract class RunSetting
{
    private protected RunSetting(string key, string help, SettingSources sources)
    {
        Key = key;
        Help = help;
        Sources = sources;
    }

    /// <summary>The setting's name: the key in [tool.subinterp], the command-line option without its dashes.</summary>
    public string Key { get; }

    /// <summary>What it does, in a sentence or two (`--help`, the docs).</summary>
    public string Help { get; }

    public SettingSources Sources { get; }

    /// <summary>The option's one-letter alias (`-j`), or null.</summary>
    public string? Alias { get; init; }

    /// <summary>The option's name when it is not `--key` (`-k`).</summary>
    public string? OptionName { get; init; }

    /// <summary>The command-line argument rather than an option (the test paths).</summary>
    public bool IsArgument { get; init; }

    public string CommandLineName => OptionName ?? "--" + Key;

    /// <summary>The name in MSBuild and the run settings: test-timeout → TestTimeout.</summary>
    public string PascalName => string.Concat(Key.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    public bool Allows(SettingSources source) => (Sources & source) != 0;

    public abstract string ValueName { get; }
    public abstract string Expectation { get; }
    public abstract IReadOnlyList<string>? Choices { get; }
    public abstract bool IsFlag { get; }
    public abstract bool IsList { get; }

    /// <summary>The default as `--help` and the docs say it.</summary>
    public abstract string DefaultText { get; }

    /// <summary>Reads <paramref name="value"/> and sets it on <paramref name="options"/>.</summary>
    /// <exception cref="RunSetupException">The value is not what the setting takes: the message names where it came from and what to give.</exception>
    internal abstract RunOptions Apply(RunOptions options, SettingValue value);

    /// <summary>Reads <paramref name="value"/> only to check it.</summary>
    /// <exception cref="RunSetupException">The value is not what the setting takes.</exception>
    internal abstract void Check(SettingValue value);

    /// <summary>What is wrong with the value <paramref name="options"/> hold (a caller of the session set it), named as the command line spells it; null when nothing is.</summary>
    internal abstract string? Problem(RunOptions options);

    internal static string Shown(SettingValue value) => value.Layer == SettingLayer.Project
        ? SettingKinds.DescribeToml(value.Raw)
        : value.Raw is IReadOnlyList<string> texts ? string.Join(" ", texts.Select(text => $"'{text}'")) : $"'{value.Raw}'";
}

/// <summary>A setting of values of type <typeparamref name="T"/>.</summary>
public sealed class RunSetting<T> : RunSetting
{
    private readonly SettingKind<T> _kind;
    private readonly Func<RunOptions, T> _get;
    private readonly Func<RunOptions, T, RunOptions> _set;
    private readonly string? _defaultText;

    /// <param name="get">The value <see cref="RunOptions"/> hold; a fresh RunOptions holds the default.</param>
    /// <param name="set">Options with the value set.</param>
    /// <param name="defaultText">The default in words when showing the default value would not say it (one slot per core).</param>
    public RunSetting(string key, string help, SettingSources sources, SettingKind<T> kind, Func<RunOptions, T> get, Func<RunOptions, T, RunOptions> set,
        string? defaultText = null) : base(key, help, sources)
    {
        _kind = kind;
        _get = get;
        _set = set;
        _defaultText = defaultText;
    }

    public override string ValueName => _kind.ValueName;
    public override string Expectation => _kind.Expectation;
    public override IReadOnlyList<string>? Choices => _kind.Choices;
    public override bool IsFlag => _kind.IsFlag;
    public override bool IsList => _kind.IsList;
    public override string DefaultText => _defaultText ?? _kind.Show(_get(RunConfiguration.Defaults));

    /// <exception cref="RunSetupException">Not what the setting takes.</exception>
    public T Read(SettingValue value)
    {
        var parsed = _kind.Read(value.Raw, value.Layer, value.Folder);
        return parsed.Ok ? parsed.Value : throw new RunSetupException($"{value.Origin} is {Shown(value)}: {Expectation}.");
    }

    /// <summary>The value <paramref name="options"/> hold.</summary>
    public T Of(RunOptions options) => _get(options);

    internal override RunOptions Apply(RunOptions options, SettingValue value) => _set(options, Read(value));

    internal override void Check(SettingValue value) => Read(value);

    internal override string? Problem(RunOptions options) =>
        _kind.Accepts(_get(options)) ? null : $"{CommandLineName} is {_kind.Show(_get(options))}: {Expectation}.";
}
