using System.Globalization;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Tomlyn.Model;

namespace Subinterp.Runtime.Configuration;

/// <summary>
/// The `[tool.subinterp]` section of a pyproject.toml: a project's run settings (any setting of
/// <see cref="RunConfiguration"/> that pyproject.toml may give, by its key) and its allow-list of
/// known findings:
/// <code>
/// [tool.subinterp]
/// paths = ["tests"]              # relative to the pyproject.toml
/// pattern = "test*.py"
/// jobs = 2
/// mode = "isolated"              # isolated, legacy, both
/// engine = "auto"                # auto, unittest, pytest
/// timeout = 120                  # seconds per module; 0: no limit
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
/// Anything else in the section, or a value of the wrong type, is an error naming the file, the
/// line and column, the key and what to write.
/// </summary>
/// <param name="Values">The section's settings, each with where it was written; read (and checked) by <see cref="RunConfigurationBuilder"/>.</param>
public sealed record ProjectConfig(string File, IReadOnlyList<SettingValue> Values, IReadOnlyList<AllowedFinding> Allowed)
{
    public const string FileName = "pyproject.toml";
    public const string Section = "tool.subinterp";

    private static readonly string[] AllowKeys = ["module", "kind", "match", "reason"];

    /// <summary>
    /// The configuration to use: <paramref name="explicitFile"/> when given (it must exist and have
    /// the section), else the nearest pyproject.toml with a [tool.subinterp] section, looking from
    /// the folder the paths have in common (or <paramref name="workingDirectory"/>) up to the root.
    /// </summary>
    /// <exception cref="RunSetupException">The file is missing, not TOML, or the section is wrong.</exception>
    public static ProjectConfig? Find(SettingValue? explicitFile, string? path, IReadOnlyList<string> paths, string workingDirectory)
    {
        if (explicitFile is not null && path is not null)
        {
            var full = System.IO.Path.GetFullPath(path, workingDirectory);
            var shown = RunSetting.Shown(explicitFile);
            if (!System.IO.File.Exists(full))
            {
                throw new RunSetupException($"{explicitFile.Origin} is {shown}: no such file. Give the path of a pyproject.toml with a [{Section}] section.");
            }
            return Load(full) ?? throw new RunSetupException($"{explicitFile.Origin} is {shown}: it has no [{Section}] section. Add one, or leave {explicitFile.Setting.CommandLineName} out.");
        }
        for (var folder = new DirectoryInfo(CommonFolder(paths, workingDirectory)); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, FileName);
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
        var toml = TomlFile.Read(file);
        if (!toml.Root.TryGetValue("tool", out var tool) || tool is not TomlTable tools || !tools.TryGetValue("subinterp", out var section))
        {
            return null;
        }
        if (section is not TomlTable table)
        {
            throw new RunSetupException($"{toml.Where(tools, "subinterp")}: {Section} is {SettingKinds.DescribeToml(section)}: make it a table, [{Section}].");
        }
        var folder = System.IO.Path.GetDirectoryName(file)!;
        var values = new List<SettingValue>();
        var allowed = new List<AllowedFinding>();
        foreach (var (key, value) in table)
        {
            var where = toml.Where(table, key);
            if (key == "allow")
            {
                allowed.AddRange(AllowList(toml, where, value));
            }
            else if (RunConfiguration.Named(key, SettingSources.Project) is { } setting)
            {
                var entry = new SettingValue(setting, SettingLayer.Project, value, $"{where}: {Section}.{key}", folder);
                setting.Check(entry);
                values.Add(entry);
            }
            else
            {
                var known = RunConfiguration.From(SettingSources.Project).Select(s => s.Key).Append("allow");
                throw new RunSetupException($"{where}: {Section}.{key} is not a Subinterp setting: the settings are {string.Join(", ", known)}.{Suggestion.For(key, known)}");
            }
        }
        return new ProjectConfig(file, values, allowed);
    }

    private static IEnumerable<AllowedFinding> AllowList(TomlFile toml, string where, object value)
    {
        if (value is not TomlTableArray entries)
        {
            throw new RunSetupException($"{where}: {Section}.allow is {SettingKinds.DescribeToml(value)}: make it an array of tables, [[{Section}.allow]].");
        }
        return entries.Select((entry, index) =>
        {
            var name = $"{Section}.allow[{index.ToString(CultureInfo.InvariantCulture)}]";
            var at = entry.Keys.FirstOrDefault() is { } first ? toml.Where(entry, first) : where;
            string? Text(string key) => entry.TryGetValue(key, out var text)
                ? text is string { Length: > 0 } given ? given : throw new RunSetupException($"{toml.Where(entry, key)}: {name}.{key} is {SettingKinds.DescribeToml(text)}: give a non-empty string.")
                : null;
            foreach (var key in entry.Keys.Where(key => !AllowKeys.Contains(key)))
            {
                throw new RunSetupException($"{toml.Where(entry, key)}: {name}.{key} is not a key of an allow entry: the keys are {string.Join(", ", AllowKeys)}.{Suggestion.For(key, AllowKeys)}");
            }
            var module = Text("module") ?? throw new RunSetupException($"{at}: {name} needs module = \"name or glob\".");
            var reason = Text("reason") ?? throw new RunSetupException($"{at}: {name} needs reason = \"why this finding is known and accepted\".");
            var kind = Text("kind");
            if (kind is not null && !FindingKinds.All.Contains(kind))
            {
                throw new RunSetupException($"{toml.Where(entry, "kind")}: {name}.kind is \"{kind}\": use one of {string.Join(", ", FindingKinds.All)}.");
            }
            return new AllowedFinding(module, kind, Text("match"), reason);
        }).ToList();
    }

    private static string CommonFolder(IReadOnlyList<string> paths, string workingDirectory)
    {
        var folders = paths.Select(path => System.IO.Path.GetFullPath(path, workingDirectory))
            .Select(path => Directory.Exists(path) ? path : System.IO.Path.GetDirectoryName(path) ?? workingDirectory).ToList();
        if (folders.Count == 0)
        {
            return workingDirectory;
        }
        var common = folders[0];
        foreach (var folder in folders.Skip(1))
        {
            while (!(folder + System.IO.Path.DirectorySeparatorChar).StartsWith(common.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                common = System.IO.Path.GetDirectoryName(common) ?? "/";
            }
        }
        return common;
    }
}
