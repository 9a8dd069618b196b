using System.Diagnostics;
using Subinterp.Runtime.Locating;

namespace Subinterp.EndToEnd.Tests;

/// <summary>Runs the chosen Python's own executable (to build sample extensions, to ask sysconfig).</summary>
internal static class PythonCommand
{
    /// <returns>stdout, trimmed.</returns>
    /// <exception cref="InvalidOperationException">The command failed; the message has its output.</exception>
    public static string Run(PythonInstallation python, params string[] args)
    {
        var start = new ProcessStartInfo(python.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
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
            throw new InvalidOperationException($"{python.Executable} {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout.Result}{stderr.Result}");
        }
        return stdout.Result.Trim();
    }

    public static string Stdlib(PythonInstallation python) =>
        Run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])");
}
