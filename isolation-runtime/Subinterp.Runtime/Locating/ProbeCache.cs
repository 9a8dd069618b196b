using System.Collections.Concurrent;
using Subinterp.Runtime.Locating.Locators;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// Each executable's answer: from this locator's memory, else from the per-user record
/// (<see cref="KnownPythons"/>) while the file is unchanged, else by running it once. FindAll,
/// FindSupported and Locate together run each Python at most once, and a later run not at all.
/// </summary>
internal sealed class ProbeCache(PythonProbe probe, KnownPythons known)
{
    // Keyed by the path as invoked, not its symlink target: a venv's bin/python links to the
    // base interpreter, and only the invoked path makes Python see the venv (pyvenv.cfg).
    private readonly ConcurrentDictionary<string, Lazy<(PythonFacts? Facts, string? Error)>> answers =
        new(StringComparer.Ordinal);

    /// <summary>How many executables were actually run (for tests and the doctor).</summary>
    public int Probes => Volatile.Read(ref _probes);

    private int _probes;

    /// <exception cref="PythonProbeException">The file did not answer as Python (this time or before).</exception>
    public PythonFacts Probe(string executable)
    {
        var key = Path.GetFullPath(executable);
        var answer = answers.GetOrAdd(key, path => new Lazy<(PythonFacts?, string?)>(() => Ask(path))).Value;
        return answer.Facts ?? throw new PythonProbeException(answer.Error!);
    }

    public PythonFacts? TryProbe(string executable)
    {
        try
        {
            return Probe(executable);
        }
        catch (PythonProbeException)
        {
            return null;
        }
    }

    /// <summary>The answer if it is known without running anything, else null.</summary>
    public PythonFacts? Recall(string executable)
    {
        var key = Path.GetFullPath(executable);
        if (answers.TryGetValue(key, out var answer) && answer.IsValueCreated)
        {
            return answer.Value.Facts;
        }
        // Kept as this locator's answer: a search looks at the same candidates more than once,
        // and each look at the record costs the file's real path and stat.
        var facts = Remembered(key);
        if (facts is not null)
        {
            answers.TryAdd(key, new Lazy<(PythonFacts?, string?)>((facts, null)));
        }
        return facts;
    }

    /// <summary>Writes this run's new answers to the per-user record.</summary>
    public void Save() => known.Save();

    private PythonFacts? Remembered(string path) =>
        // A pyenv shim's answer depends on the folder it runs in and PYENV_VERSION: never reused.
        PyenvShim.Read(path) is null ? known.Recall(path) : null;

    private (PythonFacts?, string?) Ask(string path)
    {
        if (Remembered(path) is { } remembered)
        {
            return (remembered, null);
        }
        try
        {
            Interlocked.Increment(ref _probes);
            var facts = probe.Probe(path);
            if (PyenvShim.Read(path) is null)
            {
                known.Learn(path, facts);
            }
            return (facts, null);
        }
        catch (PythonProbeException e)
        {
            return (null, e.Message);
        }
    }
}
