using System.Diagnostics;
using Subinterp.Runtime.Locating;
using Xunit.Sdk;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// Real venvs of a given Python. One sees pytest: the base Python's own when it has one (GitHub's
/// runners pip-install it), otherwise the Debian pytest that scripts/fetch-python-deps.sh unpacks
/// into .deps/ (PyPI is not reachable on these machines). The other is bare: nothing but the stdlib.
/// </summary>
internal static class VenvWithPytest
{
    private static readonly Dictionary<string, string> Created = [];
    private static readonly Lock CreateLock = new();

    public static string DependenciesFolder => Path.Combine(RepoPaths.Root, ".deps", "python", "usr", "lib", "python3", "dist-packages");

    /// <summary>The bin/python of a venv without site packages: pytest is not importable there.</summary>
    public static string Bare(PythonInstallation python)
    {
        lock (CreateLock)
        {
            var key = "bare:" + python.Executable;
            if (!Created.TryGetValue(key, out var executable))
            {
                executable = Create(python, systemSitePackages: false);
                Created[key] = executable;
            }
            return executable;
        }
    }

    /// <summary>The bin/python of a venv that can import pytest.</summary>
    public static string For(PythonInstallation python)
    {
        lock (CreateLock)
        {
            if (Created.TryGetValue(python.Executable, out var existing))
            {
                return existing;
            }
            if (CanImportPytest(python.Executable))
            {
                return Created[python.Executable] = Create(python, systemSitePackages: true);
            }
            if (!Directory.Exists(Path.Combine(DependenciesFolder, "_pytest")))
            {
                // Idempotent, and the same step .ci/run takes: `dotnet test` alone works on a fresh machine.
                Run("bash", Path.Combine(RepoPaths.Root, "scripts", "fetch-python-deps.sh"));
            }
            if (!Directory.Exists(Path.Combine(DependenciesFolder, "_pytest")))
            {
                throw new XunitException($"pytest is not unpacked in {DependenciesFolder} even after scripts/fetch-python-deps.sh ran.");
            }
            var venvPython = Create(python, systemSitePackages: false);
            var venv = Path.GetDirectoryName(Path.GetDirectoryName(venvPython))!;
            var sitePackages = Path.Combine(venv, "lib", $"python{python.Version.Major}.{python.Version.Minor}", "site-packages");
            File.WriteAllText(Path.Combine(sitePackages, "subinterp-test-deps.pth"), DependenciesFolder + "\n");
            return Created[python.Executable] = venvPython;
        }
    }

    private static string Create(PythonInstallation python, bool systemSitePackages)
    {
        var venv = Path.Combine(Directory.CreateTempSubdirectory("subinterp-venv-").FullName, "venv");
        Run(python.Executable, systemSitePackages
            ? ["-m", "venv", "--without-pip", "--system-site-packages", venv]
            : ["-m", "venv", "--without-pip", venv]);
        return Path.Combine(venv, "bin", "python");
    }

    private static bool CanImportPytest(string executable)
    {
        try
        {
            Run(executable, "-c", "import pytest");
            return true;
        }
        catch (XunitException)
        {
            return false;
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
