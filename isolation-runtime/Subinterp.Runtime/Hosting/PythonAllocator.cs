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
/// <para>
/// mimalloc gives memory a freed page held back to the kernel after 10 ms (MIMALLOC_PURGE_DELAY):
/// every module's interpreter frees its whole heap at its end and the next one allocates it again,
/// so a worker made ~240 madvise calls per module (3,076 on toolz's 13 modules), each a TLB flush
/// sent to the other core the process runs threads on, then a page fault per page taken again.
/// Purging is turned off (-1): freed pages stay in the process for the next interpreter (175
/// madvise calls on toolz). A MIMALLOC_PURGE_DELAY the user set is respected.
/// </para>
/// </summary>
internal static class PythonAllocator
{
    private const string Variable = "PYTHONMALLOC";
    private const string PurgeDelay = "MIMALLOC_PURGE_DELAY";

    /// <summary>
    /// Sets PYTHONMALLOC and mimalloc's purge delay for the main interpreter's initialisation; before
    /// libpython is loaded, as mimalloc may read its options when the library is. Returns the
    /// variables it set, for <see cref="ForgetAfterInitialize"/>.
    /// </summary>
    public static IReadOnlyList<string> ChooseBeforeLoad(string pythonVersion)
    {
        if (LibC.getenv(Variable) != 0 || !HasMimalloc(pythonVersion))
        {
            return [];
        }
        var chosen = new List<string> { Variable };
        LibC.setenv(Variable, "mimalloc", overwrite: 0);
        if (LibC.getenv(PurgeDelay) == 0)
        {
            LibC.setenv(PurgeDelay, "-1", overwrite: 0);
            chosen.Add(PurgeDelay);
        }
        return chosen;
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
    /// Removes the variables we set once Python is initialised, so that test code (each
    /// interpreter's os.environ, the Python processes tests start) sees the environment the user gave.
    /// </summary>
    public static void ForgetAfterInitialize(IReadOnlyList<string> chosen)
    {
        foreach (var variable in chosen)
        {
            LibC.unsetenv(variable);
        }
    }
}
