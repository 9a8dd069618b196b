using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Tests.Support;

/// <summary>libc calls the process-state tests use to change what the leak readers read (and put it back).</summary>
internal static partial class ProcessStateCalls
{
    public const int SIGUSR2 = 12;
    public const int LC_TIME = 2;
    public const int RLIMIT_FSIZE = 1;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unsetenv(string name);

    [LibraryImport("libc")]
    public static partial int umask(int mask);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint setlocale(int category, string? locale);

    [LibraryImport("libc")]
    public static partial nint signal(int signal, nint handler);

    [LibraryImport("libc")]
    public static unsafe partial int getrlimit(int resource, ulong* limits);

    [LibraryImport("libc")]
    public static unsafe partial int setrlimit(int resource, ulong* limits);

    [LibraryImport("libc")]
    public static partial int dup(int fd);

    [LibraryImport("libc")]
    public static partial int dup2(int fd, int target);

    [LibraryImport("libc")]
    public static partial int close(int fd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);
}
