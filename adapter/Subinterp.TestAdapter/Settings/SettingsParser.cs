using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.TestAdapter.Settings;

/// <summary>
/// Reads a source's settings: the manifest the build wrote beside the test assembly
/// (<c>X.subinterp.json</c>, from <c>PythonTestRoot</c> items and <c>Subinterp*</c> properties),
/// then the <c>&lt;Subinterp&gt;</c> section of the run settings, which wins. A plain .py source is
/// its own root. Every bad value is an error that names where it came from and what to write.
/// </summary>
internal static class SettingsParser
{
    public const string ManifestSuffix = ".subinterp.json";
    public const string ManifestSchema = "subinterp-adapter-manifest/1";
    public const string RunSettingsSection = "Subinterp";

    // Setting name in the manifest -> (MSBuild property, runsettings element).
    private static readonly Dictionary<string, (string Property, string Element)> Names = new(StringComparer.Ordinal)
    {
        ["python"] = ("SubinterpPython", "Python"),
        ["mode"] = ("SubinterpMode", "Mode"),
        ["jobs"] = ("SubinterpJobs", "Jobs"),
        ["engine"] = ("SubinterpEngine", "Engine"),
        ["timeout"] = ("SubinterpTimeout", "Timeout"),
        ["testTimeout"] = ("SubinterpTestTimeout", "TestTimeout"),
    };

    public static string ManifestPath(string source) =>
        Path.Combine(Path.GetDirectoryName(source) ?? ".", Path.GetFileNameWithoutExtension(source) + ManifestSuffix);

    public static bool IsPythonSource(string source) => source.EndsWith(".py", StringComparison.OrdinalIgnoreCase);

    /// <returns>null when the source is not Subinterp's: an assembly without a manifest.</returns>
    /// <exception cref="RunSetupException">A setting is wrong; the message says which, where, and the fix.</exception>
    public static AdapterSettings? Load(string source, string? runSettingsXml)
    {
        source = Path.GetFullPath(source);
        var values = new Dictionary<string, (string Value, string Origin)>(StringComparer.Ordinal);
        List<PythonTestRoot> roots;
        string stateDirectory;
        if (IsPythonSource(source))
        {
            if (!File.Exists(source))
            {
                throw new RunSetupException($"the Python test file '{source}' does not exist.");
            }
            roots = [new PythonTestRoot(source, AdapterSettings.DefaultPattern)];
            stateDirectory = Path.Combine(Path.GetTempPath(), "subinterp-adapter", StableHash(source));
        }
        else
        {
            var manifest = ManifestPath(source);
            if (!File.Exists(manifest))
            {
                return null;
            }
            roots = ReadManifest(manifest, values);
            stateDirectory = Path.Combine(Path.GetDirectoryName(manifest)!, ".subinterp");
        }
        ReadRunSettings(runSettingsXml, values);
        return new AdapterSettings
        {
            Source = source,
            Roots = roots,
            Python = Value(values, "python"),
            Mode = Value(values, "mode") is "legacy" ? InterpreterMode.Legacy : InterpreterMode.Isolated,
            BothModes = Value(values, "mode") == RunPlan.BothModes,
            Jobs = Number(values, "jobs", minimum: 1, fix: "a whole number of slots, at least 1") is { } jobs ? (int)jobs : null,
            Engine = Value(values, "engine") switch { "pytest" => EngineChoice.Pytest, "unittest" => EngineChoice.Unittest, _ => EngineChoice.Auto },
            TimeoutSeconds = Number(values, "timeout", minimum: double.Epsilon, fix: "a positive number of seconds"),
            TestTimeoutSeconds = Number(values, "testTimeout", minimum: double.Epsilon, fix: "a positive number of seconds"),
            StateDirectory = stateDirectory,
        }.Validated(values);
    }

    private static AdapterSettings Validated(this AdapterSettings settings, Dictionary<string, (string Value, string Origin)> values)
    {
        Check(values, "mode", ["isolated", "legacy", RunPlan.BothModes]);
        Check(values, "engine", ["auto", "unittest", "pytest"]);
        return settings;
    }

    private static List<PythonTestRoot> ReadManifest(string manifest, Dictionary<string, (string Value, string Origin)> values)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(manifest));
        }
        catch (JsonException error)
        {
            throw new RunSetupException($"{manifest} is not valid JSON ({error.Message}): rebuild the test project to write it again.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.GetString() != ManifestSchema)
            {
                throw new RunSetupException($"{manifest} is not a {ManifestSchema} manifest: rebuild the test project with this version of Subinterp.TestAdapter.");
            }
            foreach (var name in Names.Keys)
            {
                if (root.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text)
                {
                    values[name] = (text.Trim(), $"{Names[name].Property} (in {manifest})");
                }
            }
            var roots = new List<PythonTestRoot>();
            if (root.TryGetProperty("roots", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    var path = item.GetProperty("path").GetString()!;
                    var pattern = item.TryGetProperty("pattern", out var p) && p.GetString() is { Length: > 0 } given ? given : AdapterSettings.DefaultPattern;
                    roots.Add(new PythonTestRoot(Path.TrimEndingDirectorySeparator(path), pattern));
                }
            }
            if (roots.Count == 0)
            {
                throw new RunSetupException($"{manifest} names no Python test roots: add <PythonTestRoot Include=\"path/to/tests\" /> to the test project.");
            }
            return roots;
        }
    }

    private static void ReadRunSettings(string? runSettingsXml, Dictionary<string, (string Value, string Origin)> values)
    {
        if (string.IsNullOrWhiteSpace(runSettingsXml))
        {
            return;
        }
        XElement? section;
        try
        {
            section = XDocument.Parse(runSettingsXml).Root?.Element(RunSettingsSection);
        }
        catch (System.Xml.XmlException)
        {
            // The platform validates the run settings before any adapter sees them.
            return;
        }
        if (section is null)
        {
            return;
        }
        var known = Names.Values.Select(n => n.Element).ToHashSet(StringComparer.Ordinal);
        foreach (var element in section.Elements())
        {
            if (!known.Contains(element.Name.LocalName))
            {
                throw new RunSetupException(
                    $"<{RunSettingsSection}><{element.Name.LocalName}> in the run settings is not a Subinterp setting: use one of {string.Join(", ", known.Select(k => $"<{k}>"))}.");
            }
        }
        foreach (var (name, (_, elementName)) in Names)
        {
            if (section.Element(elementName) is { } element && element.Value.Trim() is { Length: > 0 } text)
            {
                values[name] = (text, $"<{RunSettingsSection}><{elementName}> in the run settings");
            }
        }
    }

    private static string? Value(Dictionary<string, (string Value, string Origin)> values, string name) =>
        values.TryGetValue(name, out var entry) ? entry.Value : null;

    private static double? Number(Dictionary<string, (string Value, string Origin)> values, string name, double minimum, string fix)
    {
        if (!values.TryGetValue(name, out var entry))
        {
            return null;
        }
        var whole = name == "jobs";
        var ok = whole
            ? int.TryParse(entry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count >= minimum
            : double.TryParse(entry.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= minimum && double.IsFinite(seconds);
        if (!ok)
        {
            throw new RunSetupException($"{entry.Origin} is '{entry.Value}': give {fix}.");
        }
        return double.Parse(entry.Value, CultureInfo.InvariantCulture);
    }

    private static void Check(Dictionary<string, (string Value, string Origin)> values, string name, string[] allowed)
    {
        if (values.TryGetValue(name, out var entry) && !allowed.Contains(entry.Value, StringComparer.Ordinal))
        {
            throw new RunSetupException($"{entry.Origin} is '{entry.Value}': use {string.Join(", ", allowed.SkipLast(1))} or {allowed[^1]}.");
        }
    }

    private static string StableHash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
}
