using System.Globalization;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// The process's native threads (/proc/self/task), minus the .NET runtime's. .NET names every
/// thread it starts ".NET ..." (thread pool, GC, finalizer, sockets, timers), and those come and
/// go on their own. A thread started from a slot (a Python thread, or one a C extension starts)
/// inherits the slot thread's name instead, unless its creator renames it. So: a thread that did
/// not exist before the module and is not the runtime's is the module's. The driver's own threads
/// rename themselves "subinterp-..." for the same reason.
/// </summary>
internal sealed class NativeThreadState
{
    private const string RuntimeThreadPrefix = ".NET ";

    // The driver's own threads (the --timeout watchdog) name themselves so (watchdog.py).
    private const string DriverThreadPrefix = "subinterp-";
    private readonly SortedDictionary<int, string> _threads;

    private NativeThreadState(SortedDictionary<int, string> threads) => _threads = threads;

    /// <summary>Threads that are not the .NET runtime's.</summary>
    public int Count => _threads.Count;

    public static NativeThreadState Capture()
    {
        var threads = new SortedDictionary<int, string>();
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
            if (!int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
            {
                continue;
            }
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
                threads[tid] = name;
            }
        }
        return new NativeThreadState(threads);
    }

    public IEnumerable<LeakFinding> ChangesSince(NativeThreadState before)
    {
        foreach (var (tid, name) in _threads.Where(pair => !before._threads.ContainsKey(pair.Key)))
        {
            yield return new LeakFinding(LeakKinds.Thread, $"native thread {tid} ({LeakText.Quote(name)}) still running after the interpreter ended");
        }
    }
}
