using System.Collections.Concurrent;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// Remembers each executable's answer for the life of one locator, so FindAll, FindSupported and
/// Locate together spawn each Python once.
/// </summary>
internal sealed class ProbeCache(PythonProbe probe)
{
    // Keyed by the path as invoked, not its symlink target: a venv's bin/python links to the
    // base interpreter, and only the invoked path makes Python see the venv (pyvenv.cfg).
    private readonly ConcurrentDictionary<string, Lazy<(PythonFacts? Facts, string? Error)>> answers =
        new(StringComparer.Ordinal);

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

    private (PythonFacts?, string?) Ask(string path)
    {
        try
        {
            return (probe.Probe(path), null);
        }
        catch (PythonProbeException e)
        {
            return (null, e.Message);
        }
    }
}
