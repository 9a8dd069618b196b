using System.Globalization;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Tomlyn;
using Tomlyn.Model;

namespace Subinterp.Runtime.Configuration;

/// <summary>
/// The `[tool.subinterp]` section of a pyproject.toml: a project's defaults for `subinterp run`
/// (the command line overrides each), and its allow-list of known findings:
/// <code>
/// [tool.subinterp]
/// paths = ["tests"]              # relative to the pyproject.toml
/// pattern = "test*.py"
/// jobs = 2
/// mode = "isolated"              # isolated, legacy, both
/// engine = "auto"                # auto, unittest, pytest
/// timeout = 120                  # seconds per module
/// test-timeout = 30              # seconds per test
/// fail-on = ["test-code"]        # see ExitPolicy
/// compare-process = true
///
/// [[tool.subinterp.allow]]
/// module = "tests.test_legacy_*" # a module name or glob
/// kind = "unsafe"                # crash, timeout, unsafe, leak, effect (optional)
/// match = "_legacy_ext"          # text the finding contains (optional)
/// reason = "the legacy extension is single-phase until 2.0"
/// </code>
/// Anything else in the section, or a value of the wrong type, is an error naming the file and key.
/// </summary>
public sealed record ProjectConfig(string File)
{
    public const string FileName = "pyproject.toml";

    private static readonly string[] Keys = ["paths", "pattern", "jobs", "mode", "engine", "timeout", "test-timeout", "fail-on", "compare-process", "allow"];
    private static readonly string[] AllowKeys = ["module", "kind", "match", "reason"];

    public IReadOnlyList<string>? Paths { get; init; }
    public string? Pattern { get; init; }
    public int? Jobs { get; init; }
    public string? Mode { get; init; }
    public string? Engine { get; init; }
    public double? Timeout { get; init; }
    public double? TestTimeout { get; init; }
    public IReadOnlyList<string>? FailOn { get; init; }
    public bool? CompareProcess { get; init; }
    public IReadOnlyList<AllowedFinding> Allowed { get; init; } = [];

    /// <summary>
    /// The configuration to use: <paramref name="explicitFile"/> when given (it must exist and have
    /// the section), else the nearest pyproject.toml with a [tool.subinterp] section, looking from
    /// the folder the paths have in common (or <paramref name="workingDirectory"/>) up to the root.
    /// </summary>
    /// <exception cref="RunSetupException">The file is missing, not TOML, or the section is wrong.</exception>
    public static ProjectConfig? Find(string? explicitFile, IReadOnlyList<string> paths, string workingDirectory)
    {
        if (explicitFile is not null)
        {
            var full = Path.GetFullPath(explicitFile, workingDirectory);
            if (!System.IO.File.Exists(full))
            {
                throw new RunSetupException($"--config {explicitFile}: no such file. Give the path of a pyproject.toml with a [tool.subinterp] section.");
            }
            return Load(full) ?? throw new RunSetupException($"--config {explicitFile}: it has no [tool.subinterp] section. Add one, or leave --config out.");
        }
        for (var folder = new DirectoryInfo(CommonFolder(paths, workingDirectory)); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, FileName);
            if (System.IO.File.Exists(candidate) && Load(candidate) is { } config)
            {
                return config;
            }
        }
        return null;
    }

    /// <summary>The [tool.subinterp] section of <paramref name="file"/>, or null when it has none.</summary>
    /// <exception cref="RunSetupException">Not TOML, or the section is wrong.</exception>
    public static ProjectConfig? Load(string file)
    {
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(System.IO.File.ReadAllText(file), TomlDocumentContext.Default) ?? new TomlTable();
        }
        catch (TomlException error)
        {
            throw new RunSetupException($"{file}: not valid TOML ({error.Message.Split('\n')[0]}). Fix the file, or pass another with --config.");
        }
        if (!document.TryGetValue("tool", out var tool) || tool is not TomlTable tools || !tools.TryGetValue("subinterp", out var section))
        {
            return null;
        }
        if (section is not TomlTable table)
        {
            throw Bad(file, "tool.subinterp", "must be a table: [tool.subinterp]");
        }
        var reader = new Reader(file, table);
        reader.RejectUnknown("tool.subinterp", Keys);
        var folder = Path.GetDirectoryName(file)!;
        return new ProjectConfig(file)
        {
            Paths = reader.Strings("paths")?.Select(path => Path.GetFullPath(path, folder)).ToList(),
            Pattern = reader.String("pattern"),
            Jobs = reader.Integer("jobs"),
            Mode = reader.Choice("mode", "isolated", "legacy", "both"),
            Engine = reader.Choice("engine", "auto", "unittest", "pytest"),
            Timeout = reader.Seconds("timeout"),
            TestTimeout = reader.Seconds("test-timeout"),
            FailOn = reader.FailOn(),
            CompareProcess = reader.Boolean("compare-process"),
            Allowed = reader.Allowed(),
        };
    }

    /// <summary>The exit policy: <paramref name="failOn"/> (from the command line) or the file's fail-on, with the file's allow-list.</summary>
    public ExitPolicy Policy(IReadOnlyList<string>? failOn) => ExitPolicy.Parse(failOn ?? FailOn ?? [], Allowed);

    private static string CommonFolder(IReadOnlyList<string> paths, string workingDirectory)
    {
        var folders = paths.Select(path => Path.GetFullPath(path, workingDirectory))
            .Select(path => Directory.Exists(path) ? path : Path.GetDirectoryName(path) ?? workingDirectory).ToList();
        if (folders.Count == 0)
        {
            return workingDirectory;
        }
        var common = folders[0];
        foreach (var folder in folders.Skip(1))
        {
            while (!(folder + Path.DirectorySeparatorChar).StartsWith(common.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                common = Path.GetDirectoryName(common) ?? "/";
            }
        }
        return common;
    }

    private static RunSetupException Bad(string file, string key, string problem) => new($"{file}: {key} {problem}.");

    /// <summary>Typed reads of one table's keys, each error naming the file, the key and what is expected.</summary>
    private sealed class Reader(string file, TomlTable table, string prefix = "tool.subinterp")
    {
        public void RejectUnknown(string where, string[] known)
        {
            foreach (var key in table.Keys.Where(key => !known.Contains(key)))
            {
                throw Bad(file, $"{where}.{key}", $"is not a setting Subinterp knows; the settings are {string.Join(", ", known)}");
            }
        }

        public string? String(string key) => Get(key) switch
        {
            null => null,
            string text when text.Length > 0 => text,
            _ => throw Bad(file, Name(key), "must be a non-empty string"),
        };

        public string? Choice(string key, params string[] values) => String(key) is not { } text ? null
            : values.Contains(text) ? text
            : throw Bad(file, Name(key), $"must be one of {string.Join(", ", values)} (got \"{text}\")");

        public int? Integer(string key) => Get(key) switch
        {
            null => null,
            long number when number is >= 1 and <= 1024 => (int)number,
            _ => throw Bad(file, Name(key), "must be a whole number from 1 to 1024"),
        };

        public double? Seconds(string key) => Get(key) switch
        {
            null => null,
            long number when number > 0 => number,
            double number when number > 0 => number,
            _ => throw Bad(file, Name(key), "must be a positive number of seconds"),
        };

        public bool? Boolean(string key) => Get(key) switch
        {
            null => null,
            bool flag => flag,
            _ => throw Bad(file, Name(key), "must be true or false"),
        };

        public IReadOnlyList<string>? Strings(string key) => Get(key) switch
        {
            null => null,
            string text => [text],
            TomlArray array when array.All(item => item is string { Length: > 0 }) => [.. array.Cast<string>()],
            _ => throw Bad(file, Name(key), "must be a string or a list of strings"),
        };

        public IReadOnlyList<string>? FailOn()
        {
            var terms = Strings("fail-on");
            if (terms is not null)
            {
                try
                {
                    ExitPolicy.Parse(terms);
                }
                catch (ArgumentException error)
                {
                    throw Bad(file, Name("fail-on"), $"is wrong: {error.Message.Replace("--fail-on ", "", StringComparison.Ordinal)}");
                }
            }
            return terms;
        }

        public IReadOnlyList<AllowedFinding> Allowed()
        {
            var entries = Get("allow") switch
            {
                null => [],
                TomlTableArray array => array.ToList(),
                _ => throw Bad(file, Name("allow"), "must be an array of tables: [[tool.subinterp.allow]]"),
            };
            return [.. entries.Select((entry, index) =>
            {
                var where = $"{Name("allow")}[{index.ToString(CultureInfo.InvariantCulture)}]";
                var reader = new Reader(file, entry, where);
                reader.RejectUnknown(where, AllowKeys);
                var module = reader.String("module") ?? throw Bad(file, where, "needs module = \"name or glob\"");
                var reason = reader.String("reason") ?? throw Bad(file, where, "needs reason = \"why this finding is known and accepted\"");
                var kind = reader.String("kind");
                if (kind is not null && !FindingKinds.All.Contains(kind))
                {
                    throw Bad(file, $"{where}.kind", $"must be one of {string.Join(", ", FindingKinds.All)} (got \"{kind}\")");
                }
                return new AllowedFinding(module, kind, reader.String("match"), reason);
            })];
        }

        private object? Get(string key) => table.TryGetValue(key, out var value) ? value : null;

        private string Name(string key) => $"{prefix}.{key}";
    }
}
