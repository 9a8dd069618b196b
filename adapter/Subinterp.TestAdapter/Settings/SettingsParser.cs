using System.Text.Json;
using System.Xml.Linq;
using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.TestAdapter.Settings;

/// <summary>
/// Reads a source's settings into the runtime's one configuration: the manifest the build wrote
/// beside the test assembly (<c>X.subinterp.json</c>, from <c>PythonTestRoot</c> items and
/// <c>Subinterp*</c> properties), the <c>&lt;Subinterp&gt;</c> section of the run settings, and
/// [tool.subinterp] of the nearest pyproject.toml above the roots, layered as
/// <see cref="RunConfiguration"/> says. A plain .py source is its own root. Every bad value is an
/// error that names where it came from and what to write.
/// </summary>
internal static class SettingsParser
{
    public const string ManifestSuffix = ".subinterp.json";
    public const string ManifestSchema = "subinterp-adapter-manifest/1";
    public const string RunSettingsSection = "Subinterp";

    public static string ManifestPath(string source) =>
        Path.Combine(Path.GetDirectoryName(source) ?? ".", Path.GetFileNameWithoutExtension(source) + ManifestSuffix);

    public static bool IsPythonSource(string source) => source.EndsWith(".py", StringComparison.OrdinalIgnoreCase);

    /// <summary>The MSBuild property of a setting: SubinterpTestTimeout.</summary>
    public static string Property(RunSetting setting) => "Subinterp" + setting.PascalName;

    /// <summary>The setting's key in the manifest: testTimeout.</summary>
    public static string ManifestKey(RunSetting setting) => char.ToLowerInvariant(setting.PascalName[0]) + setting.PascalName[1..];

    /// <returns>null when the source is not Subinterp's: an assembly without a manifest.</returns>
    /// <exception cref="RunSetupException">A setting is wrong; the message says which, where, and the fix.</exception>
    public static AdapterSettings? Load(string source, string? runSettingsXml)
    {
        source = Path.GetFullPath(source);
        var builder = new RunConfigurationBuilder(Environment.CurrentDirectory);
        List<PythonTestRoot> roots;
        string stateDirectory;
        if (IsPythonSource(source))
        {
            if (!File.Exists(source))
            {
                throw new RunSetupException($"the Python test file '{source}' does not exist.");
            }
            roots = [new PythonTestRoot(source, null)];
            stateDirectory = Path.Combine(Path.GetTempPath(), "subinterp-adapter", StableHash(source));
        }
        else
        {
            var manifest = ManifestPath(source);
            if (!File.Exists(manifest))
            {
                return null;
            }
            roots = ReadManifest(manifest, builder);
            stateDirectory = Path.Combine(Path.GetDirectoryName(manifest)!, ".subinterp");
        }
        ReadRunSettings(runSettingsXml, builder);
        // The PythonTestRoot items are the paths: the project's pyproject.toml is found from them.
        var options = builder.SearchProjectFrom([.. roots.Select(root => root.Path)]).Build();
        return new AdapterSettings { Source = source, Roots = roots, Options = options with { StateDirectory = stateDirectory } };
    }

    private static List<PythonTestRoot> ReadManifest(string manifest, RunConfigurationBuilder builder)
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
            // Relative paths in properties (SubinterpConfig) are the project's, as MSBuild's own are.
            var project = root.TryGetProperty("projectDirectory", out var directory) && directory.GetString() is { Length: > 0 } folder ? folder : Path.GetDirectoryName(manifest);
            foreach (var setting in RunConfiguration.From(SettingSources.MSBuild))
            {
                if (root.TryGetProperty(ManifestKey(setting), out var value) && value.GetString() is { } text && text.Trim().Length > 0)
                {
                    builder.Add(new SettingValue(setting, SettingLayer.MSBuild, text.Trim(), $"{Property(setting)} (in {manifest})", project));
                }
            }
            var roots = new List<PythonTestRoot>();
            if (root.TryGetProperty("roots", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    var path = item.GetProperty("path").GetString()!;
                    var pattern = item.TryGetProperty("pattern", out var p) && p.GetString() is { Length: > 0 } given ? given : null;
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

    private static void ReadRunSettings(string? runSettingsXml, RunConfigurationBuilder builder)
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
        var known = RunConfiguration.From(SettingSources.RunSettings).Select(setting => setting.PascalName).ToList();
        foreach (var element in section.Elements())
        {
            var name = element.Name.LocalName;
            if (RunConfiguration.Named(name, SettingSources.RunSettings) is not { } setting)
            {
                throw new RunSetupException(
                    $"<{RunSettingsSection}><{name}> in the run settings is not a Subinterp setting: use one of {string.Join(", ", known.Select(k => $"<{k}>"))}.{Suggestion.For(name, known, k => $"<{k}>")}");
            }
            if (element.Value.Trim() is { Length: > 0 } text)
            {
                builder.Add(new SettingValue(setting, SettingLayer.RunSettings, text, $"<{RunSettingsSection}><{name}> in the run settings"));
            }
        }
    }

    private static string StableHash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
}
