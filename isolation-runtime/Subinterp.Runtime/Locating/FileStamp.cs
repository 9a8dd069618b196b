namespace Subinterp.Runtime.Locating;

/// <summary>
/// What identifies one version of a file cheaply, without reading it: its real path (every link
/// resolved), size and modification time. Reinstalling or upgrading an installation changes it.
/// </summary>
internal sealed record FileStamp(string RealPath, long Size, long ModifiedTicks)
{
    /// <returns>The stamp, or null when the file does not exist (or cannot be read).</returns>
    public static FileStamp? Of(string path)
    {
        try
        {
            var real = Locating.RealPath.Resolve(path);
            var info = new FileInfo(real);
            return info.Exists ? new FileStamp(real, info.Length, info.LastWriteTimeUtc.Ticks) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A venv's configuration (home, version) decides what its interpreter reports; its stamp or "absent".</summary>
    public static string VenvConfiguration(string executable)
    {
        var prefix = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(executable)));
        var config = prefix is null ? null : Of(Path.Combine(prefix, "pyvenv.cfg"));
        return config is null ? "absent" : $"{config.Size}:{config.ModifiedTicks}";
    }
}
