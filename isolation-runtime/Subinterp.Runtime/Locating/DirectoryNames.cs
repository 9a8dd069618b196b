using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// The names in a folder, without looking at the files. .NET's enumeration stats every symbolic link
/// it meets to learn whether it leads to a folder; /usr/bin holds hundreds of them, and finding
/// Python on every run paid ~1,000 stat calls for the handful of names it wants. On Linux the names
/// come from readdir alone; the caller stats only those it keeps.
/// </summary>
internal static partial class DirectoryNames
{
    // struct dirent on Linux (glibc and musl, 64-bit): d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
    private const int NameOffset = 19;

    /// <summary>The names in <paramref name="directory"/> that <paramref name="keep"/> accepts; none when it cannot be read.</summary>
    public static List<string> List(string directory, Func<string, bool> keep)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Portable(directory, keep);
        }
        var names = new List<string>();
        var stream = opendir(directory);
        if (stream == 0)
        {
            return names;
        }
        try
        {
            nint entry;
            while ((entry = readdir(stream)) != 0)
            {
                if (Marshal.PtrToStringUTF8(entry + NameOffset) is { } name && name is not ("." or "..") && keep(name))
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            closedir(stream);
        }
        return names;
    }

    private static List<string> Portable(string directory, Func<string, bool> keep)
    {
        try
        {
            return Directory.Exists(directory)
                ? Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().Where(keep).ToList()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint opendir(string name);

    [LibraryImport("libc")]
    private static partial nint readdir(nint stream);

    [LibraryImport("libc")]
    private static partial int closedir(nint stream);
}
