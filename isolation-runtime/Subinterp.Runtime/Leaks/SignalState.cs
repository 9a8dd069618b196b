using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Signal dispositions (sigaction for 1..64): handler and flags are process-wide, whichever
/// interpreter or C extension set them. glibc's own signals (32, 33) cannot be queried.
/// </summary>
internal sealed class SignalState(IReadOnlyDictionary<string, string> dispositions) : KeyedState(LeakKinds.Signal, dispositions)
{
    private const int SaRestorer = 0x04000000; // glibc sets it on every sigaction: not a change anyone made
    private const string HandlerItem = " handler";
    private const string FlagsItem = " flags";
    private const string MaskItem = " handler's blocked-signal mask";

    private static readonly (int Flag, string Name)[] FlagNames =
    [
        (0x1, "SA_NOCLDSTOP"), (0x2, "SA_NOCLDWAIT"), (0x4, "SA_SIGINFO"), (0x08000000, "SA_ONSTACK"),
        (0x10000000, "SA_RESTART"), (0x40000000, "SA_NODEFER"), (unchecked((int)0x80000000), "SA_RESETHAND"),
    ];

    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    // Read around every extension's initialisation: the texts are made once per distinct value.
    // (A handler's address names the same function for the process's life: CPython never unloads
    // an extension module.)
    private static readonly (string Handler, string Flags, string Mask)[] ItemNames =
        [.. Enumerable.Range(0, 65).Select(signal => (Name(signal) + HandlerItem, Name(signal) + FlagsItem, Name(signal) + MaskItem))];
    private static readonly ConcurrentDictionary<nint, string> HandlerNames = new();
    private static readonly ConcurrentDictionary<int, string> FlagTexts = new();
    private static readonly ConcurrentDictionary<ulong, string> MaskTexts = new();

    /// <summary>Three items per signal: its handler (named by library and symbol), its flags, its handler's mask.</summary>
    public static unsafe SignalState Capture()
    {
        var dispositions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var signal = 1; signal <= 64; signal++)
        {
            // glibc copies only the kernel's 64-bit mask into the 128-byte sa_mask: the rest stays as given.
            var current = default(LibC.SigAction);
            if (LibC.sigaction(signal, null, &current) != 0)
            {
                continue;
            }
            var items = ItemNames[signal];
            dispositions[items.Handler] = HandlerNames.GetOrAdd(current.Handler, Handler);
            dispositions[items.Flags] = FlagTexts.GetOrAdd(current.Flags & ~SaRestorer, Flags);
            dispositions[items.Mask] = MaskTexts.GetOrAdd(current.Mask[0], mask => $"0x{mask:x}");
        }
        return new SignalState(dispositions);
    }

    protected override LeakFinding? Describe(string name, string? before, string? after) => before is null || after is null
        ? null
        : new LeakFinding(Kind, $"{name} changed from {before} to {after}");

    public static string Name(int signal) => signal < Names.Length
        ? Names[signal]
        : $"SIGRTMIN+{(signal - 34).ToString(CultureInfo.InvariantCulture)}";

    private static unsafe string Handler(nint handler)
    {
        if (handler == 0)
        {
            return "SIG_DFL";
        }
        if (handler == 1)
        {
            return "SIG_IGN";
        }
        // Named by library and symbol (or offset): load addresses differ from process to process.
        LibC.DlInfo info;
        if (LibC.dladdr(handler, &info) == 0 || info.FileName == 0)
        {
            return $"a handler at 0x{handler:x}";
        }
        var file = Path.GetFileName(Marshal.PtrToStringUTF8(info.FileName));
        var symbol = info.SymbolName == 0 || info.SymbolAddress != handler ? null : Marshal.PtrToStringUTF8(info.SymbolName);
        return symbol is null ? $"a handler in {file} (+0x{handler - info.BaseAddress:x})" : $"{symbol} in {file}";
    }

    private static string Flags(int flags)
    {
        if (flags == 0)
        {
            return "none";
        }
        var names = FlagNames.Where(f => (flags & f.Flag) != 0).Select(f => f.Name).ToList();
        var rest = flags & ~FlagNames.Aggregate(0, (all, f) => all | f.Flag);
        if (rest != 0)
        {
            names.Add($"0x{rest:x}");
        }
        return string.Join("|", names);
    }
}
