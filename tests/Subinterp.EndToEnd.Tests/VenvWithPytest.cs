using System.Diagnostics;
using Subinterp.Runtime.Locating;
using Xunit.Sdk;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A real venv of the given Python whose site-packages see the Debian pytest that
/// scripts/fetch-python-deps.sh unpacked into .deps/ (PyPI is not reachable on these machines).
/// </summary>
internal static class VenvWithPytest
{
    private static readonly Dictionary<string, string> Created = [];
    private static readonly Lock CreateLock = new();

    public static string DependenciesFolder => Path.Combine(RepoPaths.Root, ".deps", "python", "usr", "lib", "python3", "dist-packages");

    /// <summary>The venv's bin/python.</summary>
    public static string For(PythonInstallation python)
    {
        lock (CreateLock)
        {
            if (!Directory.Exists(Path.Combine(DependenciesFolder, "_pytest")))
            {
                // Idempotent, and the same step .ci/run takes: `dotnet test` alone works on a fresh machine.
                Run("bash", Path.Combine(RepoPaths.Root, "scripts", "fetch-python-deps.sh"));
            }
            if (!Directory.Exists(Path.Combine(DependenciesFolder, "_pytest")))
            {
                throw new XunitException($"pytest is not unpacked in {DependenciesFolder} even after scripts/fetch-python-deps.sh ran.");
            }
            if (Created.TryGetValue(python.Executable, out var existing))
            {
                return existing;
            }
            var venv = Path.Combine(Directory.CreateTempSubdirectory("subinterp-venv-").FullName, "venv");
            Run(python.Executable, "-m", "venv", "--without-pip", venv);
            var sitePackages = Path.Combine(venv, "lib", $"python{python.Version.Major}.{python.Version.Minor}", "site-packages");
            File.WriteAllText(Path.Combine(sitePackages, "subinterp-test-deps.pth"), DependenciesFolder + "\n");
            var executable = Path.Combine(venv, "bin", "python");
            Created[python.Executable] = executable;
            return executable;
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new XunitException($"{file} {string.Join(' ', args)} failed: {error.Result}");
        }
    }
}
