using System.Globalization;
using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Interop;

/// <summary>
/// Waits for threads of this process to end, told by the kernel rather than by reading the task
/// list again and again: a pidfd for each thread (Linux 6.9+, PIDFD_THREAD) becomes readable when
/// the thread exits. On older kernels the task list is read every few milliseconds instead.
/// </summary>
internal static partial class ThreadExit
{
    private const long SysPidfdOpen = 434; // x86_64 and aarch64 alike
    private const int PidfdThread = 0x80; // O_EXCL
    private const short PollIn = 0x1;
    private static readonly TimeSpan OldKernelStep = TimeSpan.FromMilliseconds(10);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long PidfdOpen(long number, int pid, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int poll(PollFd* fds, nuint count, int timeoutMs);

    /// <summary>Returns once every one of <paramref name="tids"/> has ended, or after <paramref name="bound"/>.</summary>
    public static unsafe void WaitForAll(IReadOnlyCollection<int> tids, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        var fds = new List<int>();
        var unknown = new List<int>();
        foreach (var tid in tids.Distinct())
        {
            // The worker's own descriptor: no snapshot of a module's window may list it.
            var fd = Leaks.ProcessSnapshot.OpenOwn(() => (int)PidfdOpen(SysPidfdOpen, tid, PidfdThread));
            if (fd >= 0)
            {
                fds.Add(fd);
            }
            else if (Exists(tid))
            {
                unknown.Add(tid); // an older kernel (or a thread gone between listing and now: Exists says)
            }
        }
        try
        {
            foreach (var fd in fds)
            {
                var entry = new PollFd { Fd = fd, Events = PollIn };
                // Readable once the thread has exited; 0 when the bound passed first; EINTR: again.
                while (poll(&entry, 1, Remaining(deadline)) < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR)
                {
                }
            }
            while (true)
            {
                unknown.RemoveAll(tid => !Exists(tid));
                if (unknown.Count == 0 || Remaining(deadline) == 0)
                {
                    break;
                }
                Thread.Sleep(OldKernelStep);
            }
        }
        finally
        {
            foreach (var fd in fds)
            {
                Leaks.ProcessSnapshot.CloseOwn(fd);
            }
        }
    }

    private static int Remaining(DateTime deadline) => (int)Math.Max(0, (deadline - DateTime.UtcNow).TotalMilliseconds);

    private static bool Exists(int tid) => Directory.Exists($"/proc/self/task/{tid.ToString(CultureInfo.InvariantCulture)}");
}
