using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Leaks;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// Takes the later look at the process that some verdicts wait for, in the background, so that no
/// slot waits: a thread the module started, still in the task list as its interpreter ended (it
/// may be leaving it). Woken when a window closes with such a change, it waits for those threads
/// to end (told by the kernel: <see cref="ThreadExit"/>), at most <see cref="Bound"/> (a thread
/// still running a second after its interpreter ended is the module's leak), then reads the
/// process and hands the verdicts of the windows no longer waiting to <c>write</c>.
/// </summary>
internal sealed class Settler : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    private readonly ProcessLeakMonitor _monitor;
    private readonly Action<IReadOnlyList<WindowSettlement>> _write;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public Settler(ProcessLeakMonitor monitor, Action<IReadOnlyList<WindowSettlement>> write)
    {
        _monitor = monitor;
        _write = write;
        // Named like the driver's own threads, which the thread snapshot leaves out.
        _thread = new Thread(Loop) { IsBackground = true, Name = "subinterp-settle" };
        _thread.Start();
    }

    /// <summary>A window closed with a change that waits for a later look.</summary>
    public void Wake() => _wake.Set();

    private void Loop()
    {
        while (!_stopping)
        {
            _wake.WaitOne();
            LookOnce();
        }
        LookOnce(); // whatever the last modules left waiting
    }

    private void LookOnce()
    {
        var awaiting = _monitor.AwaitingLook();
        if (awaiting.Count == 0)
        {
            return;
        }
        ThreadExit.WaitForAll([.. awaiting.SelectMany(entry => entry.Threads)], Bound);
        var settled = _monitor.Look();
        if (settled.Count > 0)
        {
            _write(settled);
        }
    }

    /// <summary>Stops after a last look at what is still waiting.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        _wake.Set();
        _thread.Join();
    }
}
