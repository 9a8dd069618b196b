using System.Text.Json;
using System.Text.Json.Serialization;
using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Output;

/// <summary>matrix.json: written in a stable order (modules by name, cells by Python then mode) so that diffs are readable; read back strictly.</summary>
public static class MatrixJson
{
    public static string Serialize(MatrixDocument document) =>
        JsonSerializer.Serialize(Sorted(document), MatrixJsonContext.Default.MatrixDocument) + "\n";

    /// <exception cref="MatrixSetupException">Missing file, not JSON, another schema, or a cell without a known status; the message says which.</exception>
    public static MatrixDocument Read(string path, string role)
    {
        if (!File.Exists(path))
        {
            throw new MatrixSetupException($"{role} {path} does not exist. Build one with `subinterp matrix --modules ... --out DIR` (DIR/matrix.json).");
        }
        MatrixDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllText(path), MatrixJsonContext.Default.MatrixDocument);
        }
        catch (JsonException error)
        {
            throw new MatrixSetupException($"{role} {path} is not a valid matrix.json: {error.Message}");
        }
        if (document is null)
        {
            throw new MatrixSetupException($"{role} {path} is empty (null): expected a matrix.json of schema {MatrixDocument.SchemaName}.");
        }
        if (document.Schema != MatrixDocument.SchemaName)
        {
            throw new MatrixSetupException($"{role} {path} has schema '{document.Schema}', expected '{MatrixDocument.SchemaName}'.");
        }
        if (document.Modules is null || document.Pythons is null || document.Modes is null)
        {
            throw new MatrixSetupException($"{role} {path} lacks pythons, modes or modules.");
        }
        foreach (var module in document.Modules)
        {
            if (string.IsNullOrEmpty(module?.Module) || module.Cells is null)
            {
                throw new MatrixSetupException($"{role} {path}: a module entry without a name or cells.");
            }
            foreach (var cell in module.Cells)
            {
                if (cell is null || !CellStatusNames.TryParse(cell.Status, out _) || string.IsNullOrEmpty(cell.Python) || string.IsNullOrEmpty(cell.Mode))
                {
                    throw new MatrixSetupException($"{role} {path}: {module.Module} has a cell without python, mode or a known status ({string.Join(' ', CellStatusNames.All.Select(s => s.Name()))}).");
                }
            }
        }
        return document;
    }

    public static void Write(MatrixDocument document, string path) => File.WriteAllText(path, Serialize(document));

    internal static MatrixDocument Sorted(MatrixDocument document)
    {
        var pythonOrder = document.Pythons.Select((p, i) => (p.Version, i)).ToDictionary(p => p.Version, p => p.i);
        var modeOrder = document.Modes.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i);
        return document with
        {
            Modules = document.Modules.OrderBy(m => m.Module, StringComparer.Ordinal)
                .Select(m => m with
                {
                    Declarations = m.Declarations.OrderBy(d => pythonOrder.GetValueOrDefault(d.Python, int.MaxValue)).ToList(),
                    Cells = m.Cells.OrderBy(c => pythonOrder.GetValueOrDefault(c.Python, int.MaxValue)).ThenBy(c => modeOrder.GetValueOrDefault(c.Mode, int.MaxValue)).ToList(),
                })
                .ToList(),
        };
    }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(MatrixDocument))]
internal sealed partial class MatrixJsonContext : JsonSerializerContext;
