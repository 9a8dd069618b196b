using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Interop;

/// <summary>The few libc calls the worker needs; source-generated P/Invoke, no runtime marshalling stubs.</summary>
internal static partial class LibC
{
    public const int RTLD_NOW = 0x2;
    public const int RTLD_GLOBAL = 0x100;
    public const int RTLD_NOLOAD = 0x4;
    public const int O_CLOEXEC = 0x80000;
    public const int EINTR = 4;
    public const int SIGABRT = 6;
    public const int SIGXFSZ = 25;
    public const nint SIG_IGN = 1;
    private const long SYS_gettid = 186; // x86_64

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlopen(string path, int flags);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlsym(nint handle, string symbol);

    [LibraryImport("libc")]
    public static partial nint dlerror();

    [LibraryImport("libc")]
    public static partial int dlclose(nint handle);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int sched_setaffinity(int pid, nint cpusetsize, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int sched_getaffinity(int pid, nint cpusetsize, ulong* mask);

    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int dup(int fd);

    [LibraryImport("libc")]
    public static partial long syscall(long number);

    [LibraryImport("libc", EntryPoint = "signal")]
    public static partial nint SetSignalHandler(int signal, nint handler);

    /// <summary>Ends the process at once: no .NET shutdown, no atexit, no waiting for threads.</summary>
    [LibraryImport("libc", EntryPoint = "_exit")]
    public static partial void ExitImmediately(int status);

    /// <summary>Sends a signal to one thread of a process (glibc 2.30+).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int tgkill(int tgid, int tid, int signal);

    // .NET's Environment.SetEnvironmentVariable keeps its own copy on Unix; libpython reads environ.
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint getenv(string name);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unsetenv(string name);

    public static int GetThreadId() => (int)syscall(SYS_gettid);

    public static string? LastDlError()
    {
        var message = dlerror();
        return message == 0 ? null : Marshal.PtrToStringUTF8(message);
    }
}
