using System.Diagnostics;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// Runs a Python executable once, with end-of-file on stdin and a time limit, and collects what it
/// printed. Shared by the locator's probe and the engine's import check.
/// </summary>
public static class PythonCommand
{
    public readonly record struct Output(int ExitCode, string Stdout, string Stderr);

    /// <returns>The output, or null when the process did not finish in time (it has been killed).</returns>
    /// <exception cref="System.ComponentModel.Win32Exception">The executable could not be started.</exception>
    public static Output? Run(string executable, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            TryKill(process);
            return null;
        }
        process.WaitForExit(); // lets the output readers reach the end of the streams
        return new Output(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the timeout and the kill.
        }
    }
}
