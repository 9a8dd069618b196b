using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Interop;

/// <summary>
/// The libc calls that read process-wide state for leak detection: every interpreter in the
/// process shares what these return, so a test module that changes it changes it for all.
/// Layouts are glibc's on x86_64 and aarch64 (both LP64 with the same struct shapes).
/// </summary>
internal static partial class LibC
{
    public const int ERANGE = 34;

    /// <summary>glibc's struct sigaction: handler, 128-byte sa_mask, int sa_flags (padded), sa_restorer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct SigAction
    {
        public nint Handler;
        public fixed ulong Mask[16];
        public int Flags;
        public nint Restorer;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <summary>glibc's struct mallinfo2 (2.33+): ten size_t fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MallInfo2
    {
        public nuint Arena;
        public nuint OrdBlks;
        public nuint SmBlks;
        public nuint HBlks;
        public nuint HBlkHd;
        public nuint UsmBlks;
        public nuint FsmBlks;
        public nuint UordBlks;
        public nuint FordBlks;
        public nuint KeepCost;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct DlInfo
    {
        public nint FileName;
        public nint BaseAddress;
        public nint SymbolName;
        public nint SymbolAddress;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial byte* getcwd(byte* buffer, nint size);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int sigaction(int signal, SigAction* action, SigAction* old);

    [LibraryImport("libc")]
    public static partial nint setlocale(int category, nint locale);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int getrlimit(int resource, RLimit* limit);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint readlink([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buffer, nint size);

    [LibraryImport("libc")]
    public static unsafe partial int dladdr(nint address, DlInfo* info);

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    public static partial MallInfo2 mallinfo2();

    /// <summary>The address of libc's `environ` (a char**), looked up in the global symbol namespace.</summary>
    public static nint EnvironAddress() => dlsym(0, "environ");

    /// <summary>Whether this libc has mallinfo2 (glibc 2.33+); musl and older glibc do not.</summary>
    public static bool HasMallInfo2() => dlsym(0, "mallinfo2") != 0;
}
