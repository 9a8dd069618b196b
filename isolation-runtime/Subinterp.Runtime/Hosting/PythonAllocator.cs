using Subinterp.Runtime.Interop;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// Picks the worker's Python memory allocator. An isolated subinterpreter has its own pymalloc
/// state, and CPython 3.12 and 3.13.0 never give its arenas back when it ends while a single block
/// is still allocated in them (some always are): with pymalloc, every module left ~4 MB behind
/// and a worker that ran 200 trivial modules held ~1 GB. mimalloc (3.13+) and the C allocator
/// reuse what an ended interpreter freed: ~0.7 MB is left behind per interpreter instead, and
/// mimalloc costs no speed. On 3.12 CPython's default allocator is kept on purpose: its refusal
/// of a single-phase module (_datetime, _decimal) corrupts pymalloc state and aborts the process,
/// and that crash is a finding users need (their embedding app runs on the default allocator);
/// the C allocator would hide it. A PYTHONMALLOC the user set is respected.
/// </summary>
internal static class PythonAllocator
{
    private const string Variable = "PYTHONMALLOC";

    /// <summary>Sets PYTHONMALLOC for the main interpreter's initialisation; returns whether it did.</summary>
    public static bool ChooseBeforeInitialize(string pythonVersion)
    {
        if (LibC.getenv(Variable) != 0 || !HasMimalloc(pythonVersion))
        {
            return false;
        }
        LibC.setenv(Variable, "mimalloc", overwrite: 0);
        return true;
    }

    /// <summary>CPython ships mimalloc from 3.13 on ("3.13.0", "3.14.0rc1", ...).</summary>
    internal static bool HasMimalloc(string pythonVersion)
    {
        var parts = pythonVersion.Split('.');
        return parts.Length >= 2 && int.TryParse(parts[0], out var major)
            && int.TryParse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), out var minor)
            && (major, minor).CompareTo((3, 13)) >= 0;
    }

    /// <summary>
    /// Removes our PYTHONMALLOC once Python is initialised, so that test code (each interpreter's
    /// os.environ, the Python processes tests start) sees the environment the user gave.
    /// </summary>
    public static void ForgetAfterInitialize(bool chosen)
    {
        if (chosen)
        {
            LibC.unsetenv(Variable);
        }
    }
}
