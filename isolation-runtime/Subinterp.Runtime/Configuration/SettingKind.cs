namespace Subinterp.Runtime.Configuration;

/// <summary>What reading a value gave: the value, or nothing when it is not of the kind.</summary>
internal readonly record struct Parsed<T>(bool Ok, T Value)
{
    public static Parsed<T> Yes(T value) => new(true, value);

    public static Parsed<T> No => default;
}

/// <summary>
/// How one kind of value is read from text (the command line, MSBuild, the run settings) and from
/// TOML (pyproject.toml), what it must be, and how it is shown; see <see cref="SettingKinds"/>.
/// </summary>
public sealed class SettingKind<T>
{
    /// <summary>What to give instead, as an error ends: "give a whole number of slots, at least 1".</summary>
    public required string Expectation { get; init; }

    /// <summary>The placeholder `--help` shows: "N", "seconds", "isolated|legacy|both".</summary>
    public required string ValueName { get; init; }

    /// <summary>The names a choice takes, or null.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>An on/off setting: on the command line `--name` (and `--no-name` when it is on by default).</summary>
    public bool IsFlag { get; init; }

    /// <summary>Several values: a repeatable option on the command line, a TOML list, `a;b` in MSBuild and the run settings.</summary>
    public bool IsList { get; init; }

    /// <summary>Text, with the folder a relative path is relative to (null: as given).</summary>
    internal Func<string, string?, Parsed<T>> FromText { get; init; } = (_, _) => Parsed<T>.No;

    /// <summary>A TOML value (string, long, double, bool, TomlArray, ...), with the pyproject.toml's folder.</summary>
    internal Func<object, string?, Parsed<T>> FromToml { get; init; } = (_, _) => Parsed<T>.No;

    /// <summary>The values of a repeated command-line option.</summary>
    internal Func<IReadOnlyList<string>, string?, Parsed<T>>? FromTexts { get; init; }

    /// <summary>Whether a value read (or set by a caller of the session) is in range.</summary>
    internal Func<T, bool> Accepts { get; init; } = _ => true;

    /// <summary>The value as `--help` and errors show it.</summary>
    internal Func<T, string> Show { get; init; } = value => value?.ToString() ?? "";

    internal Parsed<T> Read(object raw, SettingLayer layer, string? folder)
    {
        var parsed = layer == SettingLayer.Project ? FromToml(raw, folder)
            : raw switch
            {
                string text => FromText(text.Trim(), folder),
                IReadOnlyList<string> texts when FromTexts is not null => FromTexts(texts, folder),
                IReadOnlyList<string> texts when texts.Count == 1 => FromText(texts[0].Trim(), folder),
                _ => Parsed<T>.No,
            };
        return parsed.Ok && Accepts(parsed.Value) ? parsed : Parsed<T>.No;
    }
}
