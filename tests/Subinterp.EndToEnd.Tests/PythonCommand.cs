using System.Diagnostics;
using Subinterp.Runtime.Locating;

namespace Subinterp.EndToEnd.Tests;

/// <summary>Runs the chosen Python's own executable (to build sample extensions, to ask sysconfig).</summary>
internal static class PythonCommand
{
    /// <returns>stdout, trimmed.</returns>
    /// <exception cref="InvalidOperationException">The command failed; the message has its output.</exception>
    public static string Run(PythonInstallation python, params string[] args) => Run(python.Executable, args);

    /// <inheritdoc cref="Run(PythonInstallation, string[])"/>
    public static string Run(string executable, params string[] args)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("PYTHONPATH");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout.Result}{stderr.Result}");
        }
        return stdout.Result.Trim();
    }

    public static string Stdlib(PythonInstallation python) =>
        Run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])");
}
