using System.Collections.Concurrent;
using Subinterp.Runtime.Locating;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A CLI run shared by the tests that assert different things about the same run (one per
/// Python and purpose): the suites with C extensions take long enough to not repeat them.
/// </summary>
internal static class CachedRun
{
    private static readonly ConcurrentDictionary<(string Python, string Purpose), Lazy<CliRun>> Runs = new();

    public static CliRun For(PythonInstallation python, string purpose, Func<CliRun> start) =>
        Runs.GetOrAdd((python.Executable, purpose), _ => new Lazy<CliRun>(start)).Value;
}
