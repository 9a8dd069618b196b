using System.Globalization;
using System.Text;
using Subinterp.Runtime.Interop;

namespace Subinterp.Runtime.Leaks;

/// <summary>The process's open file descriptors and what each points to, read from /proc/self/fd.</summary>
internal static class FileDescriptorTable
{
    private static readonly string ListingDirectory = $"/proc/{Environment.ProcessId}/fd";

    /// <summary>fd → readlink target ("/path", "pipe:[123]", "socket:[456]", "anon_inode:[eventfd]"...).</summary>
    public static SortedDictionary<int, string> Read()
    {
        var table = new SortedDictionary<int, string>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries("/proc/self/fd").ToList();
        }
        catch (IOException)
        {
            return table;
        }
        foreach (var entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
            {
                continue;
            }
            // An fd closed between listing and readlink is gone: leave it out.
            if (Target(fd) is { } target && target != ListingDirectory)
            {
                table[fd] = target;
            }
        }
        return table;
    }

    public static unsafe string? Target(int fd)
    {
        var buffer = stackalloc byte[4096];
        var length = LibC.readlink($"/proc/self/fd/{fd.ToString(CultureInfo.InvariantCulture)}", buffer, 4096);
        return length < 0 ? null : Encoding.UTF8.GetString(buffer, (int)length);
    }
}
