namespace Subinterp.Runtime.Locating;

internal static class ExecutableFile
{
    private const UnixFileMode AnyExecute =
        UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// Whether a file could be run at all. Checked before probing so discovery does not spawn
    /// processes for README files or directories that happen to be named like Python.
    /// </summary>
    public static bool IsExecutable(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }
            return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
