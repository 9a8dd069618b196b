using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>The reading thread's current directory (getcwd): a slot's own, which only its module's os.chdir moves (Interop/SlotFileSystem).</summary>
internal sealed class WorkingDirectoryState(IReadOnlyDictionary<string, string> cwd) : KeyedState(LeakKinds.Cwd, cwd)
{
    private const string Name = "cwd";

    public string Path => Items[Name];

    public static WorkingDirectoryState Capture() => new(new Dictionary<string, string> { [Name] = Read() });

    private static unsafe string Read()
    {
        for (var size = 4096; size <= 1 << 20; size *= 4)
        {
            var heap = new byte[size];
            fixed (byte* start = heap)
            {
                if (LibC.getcwd(start, size) != null)
                {
                    return Marshal.PtrToStringUTF8((nint)start) ?? "";
                }
                if (Marshal.GetLastPInvokeError() != LibC.ERANGE)
                {
                    // ENOENT: the directory was removed while it was current.
                    return "<removed or unreadable>";
                }
            }
        }
        return "<path too long>";
    }

    protected override LeakFinding? Describe(string name, string? before, string? after) => before is null || after is null
        ? null
        : new LeakFinding(Kind, $"current directory changed from {LeakText.Quote(before)} to {LeakText.Quote(after)}");
}
