using System.Text.RegularExpressions;
using Subinterp.Runtime.Orchestration;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;

namespace Subinterp.Runtime.Configuration;

/// <summary>
/// A TOML file read into Tomlyn's document model, with where each key was written, so that every
/// error names the file, the line and the column. A file that is not TOML is an error in our words
/// (what is wrong, where), never the library's exception text.
/// </summary>
internal sealed partial class TomlFile
{
    private readonly TomlMetadataStore _positions;

    private TomlFile(string path, TomlTable root, TomlMetadataStore positions)
    {
        Path = path;
        Root = root;
        _positions = positions;
    }

    public string Path { get; }
    public TomlTable Root { get; }

    /// <exception cref="RunSetupException">Not valid TOML: the first mistake, with its line and column.</exception>
    public static TomlFile Read(string path)
    {
        var text = File.ReadAllText(path);
        // The syntax pass also catches what the model reader lets by (a key set twice).
        var syntax = SyntaxParser.Parse(text, path, validate: true);
        if (syntax.Diagnostics.FirstOrDefault(d => d.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error) is { } error)
        {
            throw new RunSetupException($"{path}:{error.Span.Start.Line + 1}:{error.Span.Start.Column + 1}: not valid TOML: {Reworded(error.Message)}. Fix the file.");
        }
        var positions = new TomlMetadataStore();
        try
        {
            var root = TomlSerializer.Deserialize<TomlTable>(text, new TomlDocumentContext(new TomlSerializerOptions { MetadataStore = positions, SourceName = path }));
            return new TomlFile(path, root ?? new TomlTable(), positions);
        }
        catch (TomlException failure) when (LibraryError().Matches(failure.Message) is { Count: > 0 } errors)
        {
            // The syntax pass found nothing: say what the reader did, without its converters' names.
            var innermost = errors[^1];
            throw new RunSetupException($"{path}:{innermost.Groups["line"].Value}:{innermost.Groups["column"].Value}: not valid TOML: {Reworded(innermost.Groups["reason"].Value)}. Fix the file.");
        }
        catch (TomlException)
        {
            throw new RunSetupException($"{path}: not valid TOML, though no line of it could be named. Fix the file.");
        }
    }

    /// <summary>"file:line:column" of <paramref name="key"/> in <paramref name="table"/>; the file alone when unknown.</summary>
    public string Where(TomlTable table, string key) =>
        _positions.TryGetProperties(table, out var properties) && properties!.TryGetProperty(key, out var property) && property?.Span is { } span
            ? $"{Path}:{span.Start.Line + 1}:{span.Start.Column + 1}"
            : Path;

    /// <summary>Tomlyn's diagnostic in plain words: what was expected and what was found.</summary>
    internal static string Reworded(string message)
    {
        foreach (var (pattern, words) in Rewordings)
        {
            if (pattern.Match(message) is { Success: true } match)
            {
                return words(match);
            }
        }
        return TokenNote().Replace(message, "").Replace("␤", "the end of the line", StringComparison.Ordinal).Replace("<eof>", "the end of the file", StringComparison.Ordinal).TrimEnd('.');
    }

    private static readonly (Regex Pattern, Func<Match, string> Words)[] Rewordings =
    [
        (new(@"^Unexpected token found `(?<found>.+?)` \(token: `[^`]*`\) while expecting `(?<expected>.+?)` \(token: `[^`]*`\)"), m => $"expected {Token(m, "expected")} but found {Token(m, "found")}"),
        (new(@"^Unexpected token found `(?<found>.+?)` while expecting token `newline`"), m => $"expected the end of the line after the value, found {Token(m, "found")}"),
        (new(@"^Expecting `=` after a key instead of (?<found>.+)$"), m => $"expected '=' after the key, found {Token(m, "found")}"),
        (new(@"^Unexpected token end-of-line found while expecting a value"), _ => "the value after '=' is missing"),
        (new(@"^Unexpected token `<eof>` for a value"), _ => "the file ends where a value was expected"),
        (new(@"^Unexpected token `(?<found>.+?)` for a value"), m => $"{Token(m, "found")} is not a value (a string needs quotes: \"{m.Groups["found"].Value}\")"),
        (new(@"^Invalid newline in a string"), _ => "a string is not closed before the end of the line"),
        (new(@"^Invalid End-Of-File found on string literal"), _ => "a string is not closed before the end of the file"),
        (new(@"^The key `(?<key>.+?)` is already defined at \((?<line>\d+),\d+\)"), m => $"{m.Groups["key"].Value} is set twice (first on line {m.Groups["line"].Value})"),
        (new(@"^Missing a `,` .*to separate items in an array"), _ => "a ',' is missing between two items of a list"),
        (new(@"Expecting a closing `\]` for an array"), _ => "a list is not closed with ']'"),
        (new(@"^Unexpected escape character \[(?<char>.)\] in string"), m => $"\\{m.Groups["char"].Value} is not an escape TOML knows (write \\\\ for a backslash, or use a 'literal string')"),
    ];

    private static string Token(Match match, string group) => match.Groups[group].Value.Trim('`') switch
    {
        "␤" => "the end of the line",
        "<eof>" => "the end of the file",
        var token => $"'{token}'",
    };

    [GeneratedRegex(@" ?\(token: `?[^)]*`?\)")]
    private static partial Regex TokenNote();

    /// <summary>"(line,column) : error : reason" in a reader's exception; the last is the innermost.</summary>
    [GeneratedRegex(@"\((?<line>\d+),(?<column>\d+)\) : error : (?<reason>(?:(?! Reason: ).)*?)\.?(?=$| Reason: |\n)", RegexOptions.Multiline)]
    private static partial Regex LibraryError();
}
