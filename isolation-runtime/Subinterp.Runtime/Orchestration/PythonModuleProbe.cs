using Subinterp.Runtime.Locating;

namespace Subinterp.Runtime.Orchestration;

/// <summary>Asks a Python installation whether it can import a module (e.g. pytest), in a throwaway process.</summary>
public static class PythonModuleProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static bool CanImport(PythonInstallation python, string module) =>
        PythonCommand.Run(python.Executable, ["-c", $"import {module}"], Timeout) is { ExitCode: 0 };
}
