using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Interop;

/// <summary>
/// A slot thread's own current directory and umask. On Linux both live in a thread's filesystem
/// context, which every thread of a process shares unless it calls unshare(CLONE_FS): then they
/// are the thread's (and the threads and processes it starts inherit them). regrtest gives each
/// worker process its own working directory; here modules run side by side in one process, and a
/// neighbour's os.chdir (test.support's temp_cwd, a test in a temporary folder) moved every other
/// module's relative paths with it: test_bufio's TESTFN vanished under it, test_glob's and
/// test_shutil's tests failed. With its own filesystem context a slot's module sees only its own
/// chdir, and after each module the slot goes back to the worker's directory and umask, as a fresh
/// process would start.
/// </summary>
internal static partial class SlotFileSystem
{
    private const int CLONE_FS = 0x00000200;

    private static int s_private = -1;

    /// <summary>True once every slot thread that asked got a filesystem context of its own (false if one could not).</summary>
    public static bool PerSlot => s_private == 1;

    /// <summary>Gives the calling thread its own current directory and umask (a copy of the process's).</summary>
    public static void MakePrivate()
    {
        var own = unshare(CLONE_FS) == 0;
        // One refusal (a seccomp filter?) and the monitor treats cwd and umask as shared again.
        Interlocked.CompareExchange(ref s_private, own ? 1 : 0, -1);
        if (!own)
        {
            Volatile.Write(ref s_private, 0);
            Console.Error.WriteLine($"subinterp-worker: unshare(CLONE_FS) failed (errno {Marshal.GetLastPInvokeError()}): modules side by side share one current directory and umask");
        }
    }

    /// <summary>Back to <paramref name="directory"/> and <paramref name="mask"/> (the worker's at its start).</summary>
    public static void Restore(string directory, int mask)
    {
        if (!PerSlot)
        {
            return;
        }
        _ = chdir(directory);
        _ = umask(mask);
    }

    /// <summary>The calling thread's umask, without changing it for long: only this thread uses it.</summary>
    public static int CurrentUmask()
    {
        var mask = umask(18); // 022
        umask(mask);
        return mask;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unshare(int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chdir(string path);

    [LibraryImport("libc")]
    private static partial int umask(int mask);
}
