using System.Diagnostics;
using Subinterp.Runtime.Locating;

namespace Subinterp.Runtime.Orchestration;

/// <summary>Asks a Python installation whether it can import a module (e.g. pytest), in a throwaway process.</summary>
public static class PythonModuleProbe
{
    public static bool CanImport(PythonInstallation python, string module)
    {
        var start = new ProcessStartInfo(python.Executable)
        {
            ArgumentList = { "-c", $"import {module}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
        return process.ExitCode == 0;
    }
}
