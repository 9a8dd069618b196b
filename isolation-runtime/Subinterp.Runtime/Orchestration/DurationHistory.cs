using System.Text.Json;
using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Module durations remembered from earlier runs (state-dir/durations.json), used to feed the
/// longest modules first so that no slot is left with a long module at the end, to balance
/// `--shard` shares and to estimate the time left. Modules are keyed by their path relative to the
/// current folder, so that a history restored on another machine (a CI cache) finds them wherever
/// the checkout is; a module outside the current folder keeps its absolute path.
/// </summary>
public sealed class DurationHistory
{
    private const string FileName = "durations.json";
    private readonly string _path;
    private readonly Dictionary<string, double> _milliseconds;
    private readonly Dictionary<string, double> _recorded = new(StringComparer.Ordinal);
    private readonly string _workingDirectory;

    private DurationHistory(string path, Dictionary<string, double> milliseconds, string workingDirectory)
    {
        _path = path;
        _milliseconds = milliseconds;
        _workingDirectory = workingDirectory;
    }

    /// <param name="workingDirectory">What module keys are relative to; the current folder unless a test says otherwise.</param>
    public static DurationHistory Load(string stateDirectory, string? workingDirectory = null)
    {
        workingDirectory ??= Environment.CurrentDirectory;
        var path = Path.Combine(stateDirectory, FileName);
        try
        {
            if (File.Exists(path))
            {
                var stored = JsonSerializer.Deserialize(File.ReadAllText(path), DurationJsonContext.Default.DictionaryStringDouble);
                return new DurationHistory(path, stored ?? new(StringComparer.Ordinal), workingDirectory);
            }
        }
        catch (JsonException)
        {
            // A damaged history only costs scheduling quality; start afresh.
        }
        return new DurationHistory(path, new(StringComparer.Ordinal), workingDirectory);
    }

    /// <summary>Milliseconds the module took when it last ran, or null when it never ran here.</summary>
    public double? Of(TestModule module) =>
        _milliseconds.TryGetValue(KeyOf(module), out var ms) || _milliseconds.TryGetValue(module.Key, out ms) ? ms : null;

    /// <summary>Modules never seen first (they may be long), then known ones longest first.</summary>
    public IReadOnlyList<TestModule> Order(IReadOnlyList<TestModule> modules) => modules
        .Select((module, index) => (module, index, known: Of(module)))
        .OrderBy(entry => entry.known.HasValue)
        .ThenByDescending(entry => entry.known ?? 0)
        .ThenBy(entry => entry.index)
        .Select(entry => entry.module)
        .ToList();

    public void Record(TestModule module, double milliseconds)
    {
        // Histories written before keys were relative used the absolute path.
        _milliseconds.Remove(module.Key);
        Record(KeyOf(module), milliseconds);
    }

    /// <summary>Records a duration under its key as <see cref="Recorded"/> gives it (`subinterp merge` remembers the shards' durations).</summary>
    public void Record(string key, double milliseconds)
    {
        _milliseconds[key] = milliseconds;
        _recorded[key] = milliseconds;
    }

    /// <summary>The durations recorded since this history was loaded, by key.</summary>
    public IReadOnlyDictionary<string, double> Recorded => _recorded;

    /// <summary>The module's path relative to the current folder, or its absolute path when it lies outside.</summary>
    private string KeyOf(TestModule module)
    {
        var relative = Path.GetRelativePath(_workingDirectory, module.FullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? module.FullPath : relative.Replace('\\', '/');
    }

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
