using System.Globalization;
using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Signal dispositions (sigaction for 1..64): handler and flags are process-wide, whichever
/// interpreter or C extension set them. glibc's own signals (32, 33) cannot be queried.
/// </summary>
internal sealed class SignalState
{
    private const int SaRestorer = 0x04000000; // glibc sets it on every sigaction: not a change anyone made

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

    private readonly Dictionary<int, (nint Handler, int Flags, ulong Mask)> _dispositions;

    private SignalState(Dictionary<int, (nint, int, ulong)> dispositions) => _dispositions = dispositions;

    public static unsafe SignalState Capture()
    {
        var dispositions = new Dictionary<int, (nint, int, ulong)>();
        for (var signal = 1; signal <= 64; signal++)
        {
            // glibc copies only the kernel's 64-bit mask into the 128-byte sa_mask: the rest stays as given.
            var current = default(LibC.SigAction);
            if (LibC.sigaction(signal, null, &current) != 0)
            {
                continue;
            }
            dispositions[signal] = (current.Handler, current.Flags & ~SaRestorer, current.Mask[0]);
        }
        return new SignalState(dispositions);
    }

    public IEnumerable<LeakFinding> ChangesSince(SignalState before)
    {
        foreach (var (signal, _, old, _, now) in StateDiff.Changes(before._dispositions, _dispositions).Where(c => c.Existed && c.Exists))
        {
            if (now.Handler != old.Handler)
            {
                yield return new LeakFinding(LeakKinds.Signal, $"{Name(signal)} handler changed from {Handler(old.Handler)} to {Handler(now.Handler)}");
            }
            if (now.Flags != old.Flags)
            {
                yield return new LeakFinding(LeakKinds.Signal, $"{Name(signal)} flags changed from {Flags(old.Flags)} to {Flags(now.Flags)}");
            }
            if (now.Mask != old.Mask)
            {
                yield return new LeakFinding(LeakKinds.Signal, $"{Name(signal)} handler's blocked-signal mask changed from 0x{old.Mask:x} to 0x{now.Mask:x}");
            }
        }
    }

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
