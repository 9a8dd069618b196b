using System.Text.Json;
using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Module durations remembered from earlier runs (state-dir/durations.json), used to feed the
/// longest modules first so that no slot is left with a long module at the end.
/// </summary>
public sealed class DurationHistory
{
    private const string FileName = "durations.json";
    private readonly string _path;
    private readonly Dictionary<string, double> _milliseconds;

    private DurationHistory(string path, Dictionary<string, double> milliseconds)
    {
        _path = path;
        _milliseconds = milliseconds;
    }

    public static DurationHistory Load(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        try
        {
            if (File.Exists(path))
            {
                var stored = JsonSerializer.Deserialize(File.ReadAllText(path), DurationJsonContext.Default.DictionaryStringDouble);
                return new DurationHistory(path, stored ?? new(StringComparer.Ordinal));
            }
        }
        catch (JsonException)
        {
            // A damaged history only costs scheduling quality; start afresh.
        }
        return new DurationHistory(path, new(StringComparer.Ordinal));
    }

    /// <summary>Modules never seen first (they may be long), then known ones longest first.</summary>
    public IReadOnlyList<TestModule> Order(IReadOnlyList<TestModule> modules) => modules
        .Select((module, index) => (module, index, known: _milliseconds.TryGetValue(module.Key, out var ms) ? ms : (double?)null))
        .OrderBy(entry => entry.known.HasValue)
        .ThenByDescending(entry => entry.known ?? 0)
        .ThenBy(entry => entry.index)
        .Select(entry => entry.module)
        .ToList();

    public void Record(TestModule module, double milliseconds) => _milliseconds[module.Key] = milliseconds;

    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var staging = _path + ".tmp";
        File.WriteAllText(staging, JsonSerializer.Serialize(_milliseconds, DurationJsonContext.Default.DictionaryStringDouble));
        File.Move(staging, _path, overwrite: true);
    }
}

[JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class DurationJsonContext : JsonSerializerContext;
