using System.Collections.Concurrent;
using Subinterp.Runtime.Locating;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A sample suite's C extension modules (its ext/*.c), built once per Python and suite with
/// sample-suites/build-extensions.py into a temp folder: the environment that puts them on
/// PYTHONPATH for a CLI run. Never built into the repository.
/// </summary>
internal static class SampleExtensions
{
    private static readonly ConcurrentDictionary<(string Python, string Suite), Lazy<string>> Built = new();

    public static Dictionary<string, string?> Environment(PythonInstallation python, string suite) =>
        new() { ["PYTHONPATH"] = Folder(python, suite) };

    public static string Folder(PythonInstallation python, string suite) =>
        Built.GetOrAdd((python.Executable, suite), key => new Lazy<string>(() => Build(python, key.Suite))).Value;

    private static string Build(PythonInstallation python, string suite)
    {
        var output = Directory.CreateTempSubdirectory($"subinterp-ext-{suite}-{python.Version.Major}.{python.Version.Minor}-").FullName;
        PythonCommand.Run(python, Path.Combine(RepoPaths.Root, "sample-suites", "build-extensions.py"), RepoPaths.SampleSuite(suite), output);
        return output;
    }
}
