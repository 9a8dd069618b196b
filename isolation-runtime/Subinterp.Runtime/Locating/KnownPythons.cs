using System.Text.Json;
using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// The per-user record of what each Python executable answered when probed
/// ($XDG_CACHE_HOME/subinterp/pythons-v1.json), so that finding Python costs a few stat calls
/// instead of a process per installation. An answer is reused only while the executable is the
/// same file (real path, size, modification time) and, for a venv, its pyvenv.cfg is unchanged.
/// Several runs may read and write it at once: it is written whole to a private temporary file
/// and renamed over the old one (readers see the old or the new file, never half of one); when two
/// writers race, one's new answers are lost and simply probed again next time. An unreadable or
/// corrupt file counts as empty and is replaced on the next write; an entry of the wrong shape in
/// a well-formed file counts as missing (<see cref="KnownPythonsIndex"/>: entries are read as asked for).
/// </summary>
internal sealed class KnownPythons
{
    /// <summary>Bump the number when the entry shape or the probe script changes meaning.</summary>
    public const string FileName = "pythons-v1.json";

    private readonly string? _path;
    // Each entry of the file is read when its executable is first asked about: a search asks about
    // a dozen, and a machine that made many venvs has hundreds (181 here, 157 KB), all of which
    // were read on every run, ~3 ms of the CLI's start.
    private readonly KnownPythonsIndex _file;
    private readonly Dictionary<string, KnownPython?> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KnownPython> _learned = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <param name="directory">The per-user cache folder; null keeps everything in memory only.</param>
    public KnownPythons(string? directory)
    {
        _path = directory is null ? null : Path.Combine(directory, FileName);
        _file = KnownPythonsIndex.Read(_path);
    }

    public string? FilePath => _path;

    /// <summary>The remembered answer for the executable as invoked, if the file is still the one that gave it.</summary>
    public PythonFacts? Recall(string executable)
    {
        var key = Path.GetFullPath(executable);
        KnownPython? entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry))
            {
                entry = _file.Entry(key) is { } recorded && Usable(recorded) ? recorded : null;
                _entries[key] = entry;
            }
        }
        if (entry is null)
        {
            return null;
        }
        return entry.Matches(FileStamp.Of(key), FileStamp.VenvConfiguration(key)) ? entry.Facts : null;
    }

    /// <summary>Remembers a fresh answer; <see cref="Save"/> writes it.</summary>
    public void Learn(string executable, PythonFacts facts)
    {
        var key = Path.GetFullPath(executable);
        if (FileStamp.Of(key) is not { } stamp)
        {
            return;
        }
        var entry = new KnownPython
        {
            RealPath = stamp.RealPath, Size = stamp.Size, ModifiedTicks = stamp.ModifiedTicks,
            VenvConfiguration = FileStamp.VenvConfiguration(key), Facts = facts,
        };
        lock (_lock)
        {
            _entries[key] = entry;
            _learned[key] = entry;
        }
    }

    /// <summary>Writes what was learned, merged into what the file holds now; never throws (a cache is optional).</summary>
    public void Save()
    {
        Dictionary<string, KnownPython> learned;
        lock (_lock)
        {
            if (_path is null || _learned.Count == 0)
            {
                return;
            }
            learned = new Dictionary<string, KnownPython>(_learned, StringComparer.Ordinal);
            _learned.Clear();
        }
        var temporary = $"{_path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            // Another run may have written since this one read: keep its answers too. An answer
            // for an executable that is gone goes: venvs come and go (every tox run, every test's
            // temporary one), and every run reads the whole file.
            var merged = Read(_path).Where(e => File.Exists(e.Key)).ToDictionary(StringComparer.Ordinal);
            foreach (var (key, entry) in learned)
            {
                merged[key] = entry;
            }
            var file = new KnownPythonsFile { Entries = merged };
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(file, KnownPythonsJsonContext.Default.KnownPythonsFile));
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private static Dictionary<string, KnownPython> Read(string? path)
    {
        var empty = new Dictionary<string, KnownPython>(StringComparer.Ordinal);
        if (path is null)
        {
            return empty;
        }
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), KnownPythonsJsonContext.Default.KnownPythonsFile);
            if (file?.Entries is not { } entries)
            {
                return empty;
            }
            return entries.Where(e => Usable(e.Value)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return empty;
        }
    }

    private static bool Usable(KnownPython? entry) => entry?.Facts is { Version.Length: >= 2, Executable.Length: > 0 };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stray temporary file is harmless.
        }
    }
}

internal sealed class KnownPythonsFile
{
    public Dictionary<string, KnownPython>? Entries { get; set; }
}

internal sealed class KnownPython
{
    public string RealPath { get; set; } = "";
    public long Size { get; set; }
    public long ModifiedTicks { get; set; }
    public string VenvConfiguration { get; set; } = "";
    public PythonFacts? Facts { get; set; }

    public bool Matches(FileStamp? stamp, string venvConfiguration) =>
        stamp is not null && Facts is not null
        && string.Equals(stamp.RealPath, RealPath, StringComparison.Ordinal)
        && stamp.Size == Size && stamp.ModifiedTicks == ModifiedTicks
        && string.Equals(venvConfiguration, VenvConfiguration, StringComparison.Ordinal);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(KnownPythonsFile))]
[JsonSerializable(typeof(KnownPython))]
internal sealed partial class KnownPythonsJsonContext : JsonSerializerContext;
