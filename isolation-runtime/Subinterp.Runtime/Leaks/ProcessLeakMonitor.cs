using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Process-level leak detection for one worker: snapshots before a module's interpreter is
/// created and after it has ended, compared. The worker's own descriptors (its socket, the slot
/// pipes, the fault log) are adopted once the worker is set up and never count.
/// </summary>
internal sealed class ProcessLeakMonitor
{
    // A thread that a test joined can still be leaving the kernel's task list, and a descriptor
    // can still be closing on another thread: such findings are re-read for a moment before they count.
    private const int SettleAttempts = 12;
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(25);

    private IReadOnlySet<int> _workerFds = new HashSet<int>();
    private volatile FileDescriptorState? _lastSettled;

    public IReadOnlySet<int> WorkerFds => _workerFds;

    /// <summary>Marks every descriptor open now as the worker's own.</summary>
    public void AdoptOpenDescriptors()
    {
        _workerFds = FileDescriptorTable.Read().Keys.ToHashSet();
        _lastSettled = Capture().FileDescriptors;
    }

    /// <summary>
    /// The state before a module. Descriptors another slot's module has open for a moment (an
    /// import reading a .pyc) must not count as this module closing them: when the table differs
    /// from the last settled one, it is read again a moment later and only what stayed is kept.
    /// </summary>
    public ProcessSnapshot CaptureBefore()
    {
        var before = Capture();
        if (_lastSettled is { } last && !before.FileDescriptors.SameAs(last))
        {
            Thread.Sleep(SettleDelay);
            before = before with { FileDescriptors = before.FileDescriptors.Intersect(Capture().FileDescriptors) };
        }
        return before;
    }

    private ProcessSnapshot Capture() => ProcessSnapshot.Capture(_workerFds);

    public IReadOnlyList<LeakFinding> ChangesSince(ProcessSnapshot before)
    {
        var after = Capture();
        var changes = after.ChangesSince(before);
        for (var attempt = 0; attempt < SettleAttempts && changes.Any(IsTransient); attempt++)
        {
            Thread.Sleep(SettleDelay);
            after = Capture();
            changes = after.ChangesSince(before);
        }
        _lastSettled = after.FileDescriptors;
        return changes;
    }

    private static bool IsTransient(LeakFinding finding) => finding.Kind is LeakKinds.Thread or LeakKinds.Fd;
}
