using System.Globalization;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Tomlyn.Model;

namespace Subinterp.Runtime.Configuration;

/// <summary>The kinds of values run settings take, each read the same way from every source.</summary>
public static class SettingKinds
{
    /// <summary>A non-empty string.</summary>
    public static SettingKind<string?> Text(string expectation, string valueName) => new()
    {
        Expectation = expectation,
        ValueName = valueName,
        FromText = (text, _) => text.Length > 0 ? Parsed<string?>.Yes(text) : Parsed<string?>.No,
        FromToml = (value, _) => value is string { Length: > 0 } text ? Parsed<string?>.Yes(text) : Parsed<string?>.No,
        Accepts = text => text is null || !string.IsNullOrWhiteSpace(text),
        Show = text => text ?? "",
    };

    /// <summary>A path, made absolute against the folder of the file that gave it (the current folder on the command line).</summary>
    public static SettingKind<string?> Path(string expectation, string valueName) => new()
    {
        Expectation = expectation,
        ValueName = valueName,
        FromText = (text, folder) => text.Length > 0 ? Parsed<string?>.Yes(Absolute(text, folder)) : Parsed<string?>.No,
        FromToml = (value, folder) => value is string { Length: > 0 } text ? Parsed<string?>.Yes(Absolute(text, folder)) : Parsed<string?>.No,
        Show = text => text ?? "",
    };

    /// <summary>One of a few names, each standing for a value.</summary>
    public static SettingKind<T> Choice<T>(params (string Name, T Value)[] choices)
    {
        var names = choices.Select(choice => choice.Name).ToList();
        Parsed<T> Of(string text) => choices.FirstOrDefault(choice => choice.Name == text) is { Name: not null } found ? Parsed<T>.Yes(found.Value) : Parsed<T>.No;
        return new SettingKind<T>
        {
            Expectation = $"use {string.Join(", ", names.SkipLast(1))} or {names[^1]}",
            ValueName = string.Join('|', names),
            Choices = names,
            FromText = (text, _) => Of(text),
            FromToml = (value, _) => value is string text ? Of(text) : Parsed<T>.No,
            Show = value => choices.First(choice => EqualityComparer<T>.Default.Equals(choice.Value, value)).Name,
        };
    }

    /// <summary>A whole number of at least <paramref name="minimum"/> (and whatever else <paramref name="accepts"/> asks).</summary>
    public static SettingKind<int> WholeNumber(int minimum, string expectation, string valueName = "N", Func<int, bool>? accepts = null) => new()
    {
        Expectation = expectation,
        ValueName = valueName,
        FromText = (text, _) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? Parsed<int>.Yes(number) : Parsed<int>.No,
        FromToml = (value, _) => value is long number and >= int.MinValue and <= int.MaxValue ? Parsed<int>.Yes((int)number) : Parsed<int>.No,
        Accepts = number => number >= minimum && (accepts?.Invoke(number) ?? true),
        Show = number => number.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Seconds, 0 meaning no limit (null); as regrtest's --timeout takes them.</summary>
    public static SettingKind<double?> Seconds() => new()
    {
        Expectation = "give a number of seconds, or 0 for no limit",
        ValueName = "seconds",
        FromText = (text, _) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? NoneWhenZero(seconds) : Parsed<double?>.No,
        FromToml = (value, _) => value switch { long seconds => NoneWhenZero(seconds), double seconds => NoneWhenZero(seconds), _ => Parsed<double?>.No },
        Accepts = seconds => seconds is null || (seconds > 0 && double.IsFinite(seconds.Value)),
        Show = seconds => seconds is { } value ? value.ToString("0.###", CultureInfo.InvariantCulture) : "0",
    };

    /// <summary>On or off: true/false in text, a TOML boolean, a flag on the command line.</summary>
    public static SettingKind<bool> Flag() => new()
    {
        Expectation = "give true or false",
        ValueName = "true|false",
        IsFlag = true,
        FromText = (text, _) => bool.TryParse(text, out var flag) ? Parsed<bool>.Yes(flag) : Parsed<bool>.No,
        FromToml = (value, _) => value is bool flag ? Parsed<bool>.Yes(flag) : Parsed<bool>.No,
        Show = flag => flag ? "on" : "off",
    };

    /// <summary>Several non-empty strings: a repeated option, a TOML string or list of strings, `a;b` in text.</summary>
    public static SettingKind<IReadOnlyList<string>> Texts(string expectation, string valueName, bool paths = false, Func<IReadOnlyList<string>, bool>? accepts = null)
    {
        Parsed<IReadOnlyList<string>> Of(IEnumerable<string> items, string? folder)
        {
            var list = items.Select(item => item.Trim()).ToList();
            return list.Count > 0 && list.All(item => item.Length > 0)
                ? Parsed<IReadOnlyList<string>>.Yes([.. list.Select(item => paths && folder is not null ? Absolute(item, folder) : item)])
                : Parsed<IReadOnlyList<string>>.No;
        }
        return new SettingKind<IReadOnlyList<string>>
        {
            Expectation = expectation,
            ValueName = valueName,
            IsList = true,
            FromText = (text, folder) => Of(text.Split(';', StringSplitOptions.RemoveEmptyEntries), folder),
            FromTexts = (texts, folder) => texts.Count == 0 ? Parsed<IReadOnlyList<string>>.Yes([]) : Of(texts, folder),
            FromToml = (value, folder) => value switch
            {
                string text => Of([text], folder),
                TomlArray array when array.All(item => item is string) => Of(array.Cast<string>(), folder),
                _ => Parsed<IReadOnlyList<string>>.No,
            },
            Accepts = list => accepts?.Invoke(list) ?? true,
            Show = list => string.Join(", ", list),
        };
    }

    /// <summary>`--fail-on` terms, checked by the exit policy that reads them.</summary>
    public static SettingKind<IReadOnlyList<string>> FailOn() => Texts(
        $"use origins ({string.Join(", ", FindingOrigins.All)}, {ExitPolicy.AllTerm}) and kinds ({string.Join(", ", FindingKinds.All)}), comma-separated, or {ExitPolicy.NoneTerm} alone",
        "TERMS", accepts: terms =>
        {
            try
            {
                ExitPolicy.Parse(terms);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        });

    /// <summary>`--shard i/N`; its own message says what is wrong.</summary>
    public static SettingKind<ShardSpec?> Shard() => new()
    {
        Expectation = "give i/N, the i-th of N shares of the modules",
        ValueName = "i/N",
        FromText = (text, _) => Parsed<ShardSpec?>.Yes(ShardSpec.Parse(text)),
        FromToml = (_, _) => Parsed<ShardSpec?>.No,
        Show = shard => shard?.ToString() ?? "",
    };

    /// <summary>A TOML value as an error shows it: `the string "2"`, `3`, `the list ["a", 1]`.</summary>
    public static string DescribeToml(object? value) => value switch
    {
        string text => $"the string {Quote(text)}",
        TomlArray array => $"the list [{string.Join(", ", array.Select(Literal))}]",
        TomlTableArray => "an array of tables",
        TomlTable => "a table",
        _ => Literal(value),
    };

    private static string Literal(object? value) => value switch
    {
        string text => Quote(text),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        TomlArray array => $"[{string.Join(", ", array.Select(Literal))}]",
        TomlTable => "{…}",
        null => "nothing",
        _ => value.ToString() ?? "",
    };

    private static string Quote(string text) => $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static Parsed<double?> NoneWhenZero(double seconds) => Parsed<double?>.Yes(seconds == 0 ? null : seconds);

    private static string Absolute(string path, string? folder) => folder is null ? path : System.IO.Path.GetFullPath(path, folder);
}
