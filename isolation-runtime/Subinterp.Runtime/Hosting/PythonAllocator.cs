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
///
/// With mimalloc chosen, its heaps are given transparent huge pages where the kernel offers them
/// (<see cref="MimallocOptions"/>): every interpreter starts on fresh memory, and touching it
/// 4 KiB at a time was ~2,000 page faults for one trivial module, a third of the worker's CPU on a
/// VM where a fault costs ~15 µs. A MIMALLOC_ variable the user set is respected.
/// </summary>
internal static class PythonAllocator
{
    private const string Variable = "PYTHONMALLOC";

    /// <summary>
    /// mimalloc's options, read from the environment as libpython loads (its constructor initialises
    /// mimalloc): large OS pages (2 MiB, madvise'd for transparent huge pages), and for every thread,
    /// not only the first: a slot thread's first segment is otherwise committed lazily and never
    /// huge. They cost some memory: a one-module run's process tree peaked at 47 MB instead of 41.
    /// And freed memory is never purged (given back to the kernel after 10 ms, by default): each
    /// module's interpreter frees its whole heap at its end and the next one takes it again, so the
    /// worker made ~240 madvise calls per module (3,076 on toolz's 13 modules; 175 without purging),
    /// each a TLB flush sent to the other core the process runs threads on, then a fault per page
    /// taken again; purging would also split the huge pages. The pages stay in the process for the
    /// next interpreter: W7's 50 modules at -j 2 peaked at ~120 MB either way.
    /// </summary>
    internal static readonly IReadOnlyList<(string Name, string Value)> MimallocOptions =
    [
        ("MIMALLOC_LARGE_OS_PAGES", "1"),
        ("MIMALLOC_EAGER_COMMIT_DELAY", "0"),
        ("MIMALLOC_PURGE_DELAY", "-1"),
    ];

    /// <summary>
    /// Sets PYTHONMALLOC and mimalloc's options for the main interpreter's initialisation, before
    /// libpython is loaded; returns the variables it set (none: Python's own choice stands).
    /// </summary>
    public static IReadOnlyList<string> ChooseBeforeLoad(string pythonVersion)
    {
        var chosen = Choose(pythonVersion, name => LibC.getenv(name) != 0);
        foreach (var (name, value) in chosen)
        {
            LibC.setenv(name, value, overwrite: 0);
        }
        return [.. chosen.Select(variable => variable.Name)];
    }

    /// <summary>The variables to set, given which ones the environment already has.</summary>
    internal static IReadOnlyList<(string Name, string Value)> Choose(string pythonVersion, Func<string, bool> isSet) =>
        isSet(Variable) || !HasMimalloc(pythonVersion)
            ? []
            : [.. MimallocOptions.Prepend((Name: Variable, Value: "mimalloc")).Where(variable => !isSet(variable.Name))];

    /// <summary>CPython ships mimalloc from 3.13 on ("3.13.0", "3.14.0rc1", ...).</summary>
    internal static bool HasMimalloc(string pythonVersion)
    {
        var parts = pythonVersion.Split('.');
        return parts.Length >= 2 && int.TryParse(parts[0], out var major)
            && int.TryParse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), out var minor)
            && (major, minor).CompareTo((3, 13)) >= 0;
    }

    /// <summary>
    /// Removes the variables <see cref="ChooseBeforeLoad"/> set once Python is initialised, so that
    /// test code (each interpreter's os.environ, the Python processes tests start) sees the
    /// environment the user gave.
    /// </summary>
    public static void ForgetAfterInitialize(IReadOnlyList<string> set)
    {
        foreach (var name in set)
        {
            LibC.unsetenv(name);
        }
    }
}
