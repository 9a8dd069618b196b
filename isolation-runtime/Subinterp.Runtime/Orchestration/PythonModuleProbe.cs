using Subinterp.Runtime.Locating;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Asks a Python installation whether it can import a module (e.g. pytest), in a throwaway process.
/// It asks the import system to find the module rather than import it: `import pytest` costs a
/// fresh process 0.2-0.5 s of CPU on every run, finding it ~20 ms. A module that is found but
/// fails to import is reported by every interpreter that imports it, with its traceback.
/// </summary>
public static class PythonModuleProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static bool CanImport(PythonInstallation python, string module) =>
        PythonCommand.Run(python.Executable,
            ["-c", $"import importlib.util, sys; sys.exit(0 if importlib.util.find_spec({Protocol.ProtocolCodec.QuoteForPython(module)}) else 1)"],
            Timeout) is { ExitCode: 0 };
}
