using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// The process's native threads (/proc/self/task), minus the .NET runtime's, named by thread id;
/// the value is the thread's name. .NET names every thread it starts ".NET ..." (thread pool, GC,
/// finalizer, sockets, timers), and those come and go on their own. A thread started from a slot
/// (a Python thread, or one a C extension starts) inherits the slot thread's name ("slot-N")
/// instead, unless its creator renames it: that name says which slot started it. The driver's own
/// threads (the --timeout watchdog) rename themselves "subinterp-..." and are left out too. A
/// thread that ended is no finding.
/// </summary>
internal sealed class NativeThreadState(IReadOnlyDictionary<string, string> threads) : KeyedState(LeakKinds.Thread, threads)
{
    private const string RuntimeThreadPrefix = ".NET ";

    // The driver's own threads (the --timeout watchdog) name themselves so (watchdog.py).
    private const string DriverThreadPrefix = "subinterp-";

    /// <summary>Threads that are not the .NET runtime's.</summary>
    public int Count => Items.Count;

    public static NativeThreadState Capture()
    {
        var threads = new Dictionary<string, string>(StringComparer.Ordinal);
        IEnumerable<string> tasks;
        try
        {
            tasks = Directory.EnumerateDirectories("/proc/self/task").ToList();
        }
        catch (IOException)
        {
            return new NativeThreadState(threads);
        }
        foreach (var task in tasks)
        {
            string name;
            try
            {
                name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            if (!name.StartsWith(RuntimeThreadPrefix, StringComparison.Ordinal) && !name.StartsWith(DriverThreadPrefix, StringComparison.Ordinal))
            {
                threads[Path.GetFileName(task)] = name;
            }
        }
        return new NativeThreadState(threads);
    }

    protected override LeakFinding? Describe(string name, string? before, string? after) => before is null
        ? new LeakFinding(Kind, $"native thread {name} ({LeakText.Quote(after!)}) still running after the interpreter ended")
        : null;
}
