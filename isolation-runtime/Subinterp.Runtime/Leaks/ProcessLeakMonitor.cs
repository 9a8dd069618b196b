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
    /// The state before a module. A descriptor another slot's module opened since the last settled
    /// snapshot (an import reading a .pyc, a test's pipe) is left out: closing it later is that
    /// module's business, not a change this one made. If it is still open when this module ends,
    /// it shows as left open, and the overlap makes that a suspicion to confirm alone.
    /// </summary>
    public ProcessSnapshot CaptureBefore()
    {
        var before = Capture();
        return _lastSettled is { } last ? before with { FileDescriptors = before.FileDescriptors.Intersect(last) } : before;
    }

    private ProcessSnapshot Capture() => ProcessSnapshot.Capture(_workerFds);

    /// <summary>
    /// Takes the current descriptors as settled: after work outside a before/after window (repeated
    /// lifecycles), so that what it left open is not taken for the next module's doing.
    /// </summary>
    public void Resettle() => _lastSettled = Capture().FileDescriptors;

    /// <summary>What changed since <paramref name="before"/>, once transient differences had a moment to settle.</summary>
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
