using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>Everything the interpreters of one process share, read at one moment.</summary>
internal sealed record ProcessSnapshot(
    EnvironmentState Environment,
    WorkingDirectoryState WorkingDirectory,
    UmaskState Umask,
    FileDescriptorState FileDescriptors,
    StdioState Stdio,
    NativeThreadState Threads,
    SignalState Signals,
    LocaleState Locales,
    ResourceLimitState Limits)
{
    // Slots snapshot one at a time: a snapshot's own reads of /proc must never show up in another's.
    private static readonly Lock CaptureLock = new();

    public static ProcessSnapshot Capture(IReadOnlySet<int> workerFds)
    {
        lock (CaptureLock)
        {
            return new ProcessSnapshot(
                EnvironmentState.Capture(), WorkingDirectoryState.Capture(), UmaskState.Capture(),
                FileDescriptorState.Capture(workerFds), StdioState.Capture(), NativeThreadState.Capture(),
                SignalState.Capture(), LocaleState.Capture(), ResourceLimitState.Capture());
        }
    }

    public List<LeakFinding> ChangesSince(ProcessSnapshot before) =>
    [
        .. Environment.ChangesSince(before.Environment),
        .. WorkingDirectory.ChangesSince(before.WorkingDirectory),
        .. Umask.ChangesSince(before.Umask),
        .. FileDescriptors.ChangesSince(before.FileDescriptors),
        .. Stdio.ChangesSince(before.Stdio),
        .. Threads.ChangesSince(before.Threads),
        .. Signals.ChangesSince(before.Signals),
        .. Locales.ChangesSince(before.Locales),
        .. Limits.ChangesSince(before.Limits),
    ];
}
