using System.Text.Json;
using Subinterp.Runtime.Locating;

namespace Subinterp.CompatMatrix.Catalog;

/// <summary>
/// Resolves the module sets of a request on one Python by asking that Python (catalog.py, an
/// embedded resource): lib-dynload and built-in modules for `stdlib`, site-packages for `site`,
/// the --path folders for `path`, and where each dotted name would be imported from. A file that
/// does not export a module init function is set apart (<see cref="Binaries.ExtensionFile"/>).
/// </summary>
public static class ModuleCatalog
{
    public static readonly IReadOnlySet<string> SetNames = new HashSet<string>(StringComparer.Ordinal) { "stdlib", "site", "path" };

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <exception cref="MatrixSetupException">The Python could not list its modules.</exception>
    public static PythonCatalog Read(PythonInstallation python, MatrixRequest request)
    {
        var script = Path.Combine(Path.GetTempPath(), $"subinterp-catalog-{Environment.ProcessId}-{Guid.NewGuid():N}.py");
        File.WriteAllText(script, Resource());
        try
        {
            var argument = JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>>
            {
                ["sets"] = request.Modules.Where(SetNames.Contains).ToList(),
                ["names"] = request.Modules.Where(name => !SetNames.Contains(name)).ToList(),
                ["paths"] = request.Paths.Select(Path.GetFullPath).ToList(),
            }, CatalogJsonContext.Default.DictionaryStringIReadOnlyListString);
            var output = PythonCommand.Run(python.Executable, [script, argument], Timeout)
                ?? throw new MatrixSetupException($"{python} did not list its extension modules within {Timeout.TotalSeconds:0} s.");
            if (output.ExitCode != 0)
            {
                throw new MatrixSetupException($"{python} could not list its extension modules (exit code {output.ExitCode}): {output.Stderr.Trim()}");
            }
            return Parse(output.Stdout);
        }
        finally
        {
            File.Delete(script);
        }
    }

    internal static PythonCatalog Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var modules = root.GetProperty("modules").EnumerateArray()
            .Select(m => new CatalogEntry(m.GetProperty("name").GetString()!, m.GetProperty("kind").GetString()!,
                Text(m, "origin"), Text(m, "distribution"), Text(m, "distributionVersion")))
            .ToList();
        var missing = root.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToList();
        var notModules = modules.Select(m => (Entry: m, Reason: Binaries.ExtensionFile.NotAModule(m.Name, m.Origin)))
            .Where(m => m.Reason is not null)
            .Select(m => new NotAModule(m.Entry.Name, m.Entry.Origin!, m.Reason!))
            .ToList();
        return new PythonCatalog(modules.Where(m => notModules.All(n => n.Name != m.Name)).ToList(), missing, root.GetProperty("stdlib").GetString()!, notModules);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Resource()
    {
        using var stream = typeof(ModuleCatalog).Assembly.GetManifestResourceStream("catalog.py")
            ?? throw new InvalidOperationException("catalog.py is not embedded in " + typeof(ModuleCatalog).Assembly.GetName().Name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, IReadOnlyList<string>>))]
internal sealed partial class CatalogJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
