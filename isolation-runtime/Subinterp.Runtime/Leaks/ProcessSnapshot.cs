namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Everything the interpreters of one process share, read at one moment, as keyed items.
/// A light snapshot leaves out threads (the /proc listing that costs most): it is what is read
/// around each extension module's initialisation.
/// </summary>
internal sealed class ProcessSnapshot
{
    // Slots snapshot one at a time: a snapshot's own reads of /proc must never show up in another's.
    private static readonly Lock CaptureLock = new();

    // Descriptors the worker holds for a moment of its own (the settler's pidfds): opened and closed
    // under the capture lock, so that no snapshot ever sees one.
    private static readonly HashSet<int> Own = [];

    /// <summary>Opens a descriptor for the worker's own use that no snapshot will list (-1 passes through).</summary>
    public static int OpenOwn(Func<int> open)
    {
        lock (CaptureLock)
        {
            var fd = open();
            if (fd >= 0)
            {
                Own.Add(fd);
            }
            return fd;
        }
    }

    /// <summary>Closes a descriptor opened with <see cref="OpenOwn"/>.</summary>
    public static void CloseOwn(int fd)
    {
        lock (CaptureLock)
        {
            Interop.LibC.close(fd);
            Own.Remove(fd);
        }
    }

    private readonly IReadOnlyList<KeyedState> _states;
    private Dictionary<StateKey, string>? _items;

    private ProcessSnapshot(IReadOnlyList<KeyedState> states) => _states = states;

    public FileDescriptorState? FileDescriptors => _states.OfType<FileDescriptorState>().FirstOrDefault();

    public static ProcessSnapshot Capture(IReadOnlySet<int> workerFds)
    {
        lock (CaptureLock)
        {
            return new ProcessSnapshot(
            [
                EnvironmentState.Capture(), WorkingDirectoryState.Capture(), UmaskState.Capture(), FileDescriptorState.Capture(workerFds, Own),
                StdioState.Capture(), NativeThreadState.Capture(), SignalState.Capture(), LocaleState.Capture(), ResourceLimitState.Capture(),
            ]);
        }
    }

    /// <summary>
    /// The state an extension module's initialisation can change in C, read cheaply (no thread
    /// listing). Descriptors are in: a library an init loads may open one for the life of the
    /// process (libffi its own shared object, when _ctypes initialises on 3.14+).
    /// </summary>
    public static ProcessSnapshot CaptureLight(IReadOnlySet<int> workerFds) => new(
    [
        EnvironmentState.Capture(), WorkingDirectoryState.Capture(), UmaskState.Capture(), FileDescriptorState.Capture(workerFds),
        StdioState.Capture(), SignalState.Capture(), LocaleState.Capture(), ResourceLimitState.Capture(),
    ]);

    /// <summary>Every item of every kind read, by key.</summary>
    public IReadOnlyDictionary<StateKey, string> Items => _items ??= _states
        .SelectMany(state => state.Items.Select(item => (Key: new StateKey(state.Kind, item.Key), item.Value)))
        .ToDictionary(item => item.Key, item => item.Value);

    /// <summary>What differs from <paramref name="before"/>, kind by kind in a fixed order (kinds this snapshot did not read are left out).</summary>
    public List<ObservedChange> Changes(ProcessSnapshot before) =>
        [.. _states.SelectMany(state => before._states.FirstOrDefault(old => old.Kind == state.Kind) is { } old ? state.Changes(old) : [])];
}
