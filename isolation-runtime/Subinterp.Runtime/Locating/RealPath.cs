using System.Collections.Concurrent;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// Resolves every symbolic link in a path, like realpath(3). FileInfo.ResolveLinkTarget only
/// follows the last component, and installations are often reached through linked directories
/// (pyenv's versions/3.13 → 3.13.0, /lib → /usr/lib).
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40; // Linux's own limit before ELOOP

    // Within one search for Python (Remembering), each path's link target read once: every
    // candidate resolves the same prefixes (/root, ~/.pyenv, ~/.pyenv/versions...), ~450 readlink
    // calls on each run here, for a dozen distinct paths. Only for the search: links change between searches.
    private static readonly AsyncLocal<ConcurrentDictionary<string, string?>?> Known = new();

    /// <summary>Until disposed, each path's link target is read once on this flow (and the parallel work it starts).</summary>
    public static IDisposable Remembering()
    {
        var outer = Known.Value;
        Known.Value ??= new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        return new Scope(outer);
    }

    private sealed class Scope(ConcurrentDictionary<string, string?>? outer) : IDisposable
    {
        public void Dispose() => Known.Value = outer;
    }

    public static string Resolve(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.GetFullPath(path);
        }
        // Not Path.GetFullPath: it folds "link/.." textually, where the file system goes to the
        // link target's parent.
        var full = Path.IsPathRooted(path) ? path : Path.Join(Environment.CurrentDirectory, path);

        var pending = new LinkedList<string>(Split(full));
        var resolved = new List<string>();
        var links = 0;
        while (pending.First is { } first)
        {
            pending.RemoveFirst();
            var part = first.Value;
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                // The components before are already real, so ".." here is the physical parent.
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }

            var target = LinkTarget(Join(resolved, part));
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }
            if (++links > MaxLinks)
            {
                return full;
            }
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }
            var targetParts = Split(target);
            for (var i = targetParts.Length - 1; i >= 0; i--)
            {
                pending.AddFirst(targetParts[i]);
            }
        }
        return Join(resolved, null);
    }

    private static string? LinkTarget(string path) =>
        Known.Value is { } known ? known.GetOrAdd(path, ReadLink) : ReadLink(path);

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(List<string> parts, string? last)
    {
        var all = last is null ? parts : [.. parts, last];
        return "/" + string.Join('/', all);
    }
}
