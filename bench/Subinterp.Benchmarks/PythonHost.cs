using System.Runtime.InteropServices;
using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Locating;

namespace Subinterp.Benchmarks;

/// <summary>
/// The process's main interpreter for a benchmark, set up as the worker sets it up (libpython
/// dlopen'ed RTLD_GLOBAL, the worker's allocator choice, real sys.executable, GIL released) —
/// optionally without `site`.
/// BenchmarkDotNet runs each case in its own process, so each case gets its own main interpreter.
/// </summary>
internal static class PythonHost
{
    private static LibPython? s_python;

    public static LibPython Start(bool site)
    {
        if (s_python is not null)
        {
            return s_python;
        }
        var request = Environment.GetEnvironmentVariable("SUBINTERP_BENCH_PYTHON") ?? "3.13";
        var installation = new PythonLocator().Locate(request);
        // As the worker: the allocator (and mimalloc's options) before libpython is loaded.
        var allocator = PythonAllocator.ChooseBeforeLoad(installation.VersionText);
        var python = LibPython.Load(installation.Library!);
        if (!site)
        {
            DisableSite(python);
        }
        MainInterpreter.Initialize(python, installation.Executable).ReleaseGil();
        PythonAllocator.ForgetAfterInitialize(allocator);
        s_python = python;
        return python;
    }

    /// <summary>
    /// PyInterpreterConfig has no switch for `site`: a subinterpreter imports it when the main
    /// interpreter's config says so. So "without site" means a main interpreter initialised with
    /// Py_NoSiteFlag (exported, deprecated, still honoured by 3.12 and 3.13's legacy init path).
    /// </summary>
    private static void DisableSite(LibPython python)
    {
        var flag = LibC.dlsym(python.Handle, "Py_NoSiteFlag");
        if (flag == 0)
        {
            throw new InvalidOperationException($"{python.Path} does not export Py_NoSiteFlag: cannot start it without site.");
        }
        Marshal.WriteInt32(flag, 1);
    }
}
