using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>The process's current directory (getcwd): os.chdir in any interpreter moves it for all.</summary>
internal sealed record WorkingDirectoryState(string Path)
{
    public static unsafe WorkingDirectoryState Capture()
    {
        for (var size = 4096; size <= 1 << 20; size *= 4)
        {
            var heap = new byte[size];
            fixed (byte* start = heap)
            {
                if (LibC.getcwd(start, size) != null)
                {
                    return new WorkingDirectoryState(Marshal.PtrToStringUTF8((nint)start) ?? "");
                }
                if (Marshal.GetLastPInvokeError() != LibC.ERANGE)
                {
                    // ENOENT: the directory was removed while it was current.
                    return new WorkingDirectoryState("<removed or unreadable>");
                }
            }
        }
        return new WorkingDirectoryState("<path too long>");
    }

    public IEnumerable<LeakFinding> ChangesSince(WorkingDirectoryState before)
    {
        if (Path != before.Path)
        {
            yield return new LeakFinding(LeakKinds.Cwd, $"current directory changed from {LeakText.Quote(before.Path)} to {LeakText.Quote(Path)}");
        }
    }
}
