using System.Text;
using System.Text.RegularExpressions;

namespace Subinterp.Runtime.Locating.Locators;

/// <summary>
/// A pyenv shim: a bash script that runs `pyenv exec PROGRAM`, which picks the installation by
/// pyenv's rules. Running one costs a bash and several pyenv sub-commands (tens of processes);
/// the same rules are applied here instead, so the real executable behind it is probed (once,
/// then remembered) and the shim never runs. When the rules name something this reading does not
/// understand (a version prefix pyenv itself resolves, a plugin's version name), the shim is run.
/// </summary>
internal sealed partial record PyenvShim(string Root, string Program, string ShimDirectory)
{
    private const int HeaderBytes = 1024;

    /// <summary>What the shim would run: an executable, none (pyenv says "command not found"), or unknown to us.</summary>
    public readonly record struct Target(string? Executable, bool Known);

    /// <returns>The shim at <paramref name="path"/>, or null when the file is not a pyenv shim.</returns>
    public static PyenvShim? Read(string path)
    {
        string header;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var buffer = new byte[HeaderBytes];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read < 2 || buffer[0] != '#' || buffer[1] != '!')
            {
                return null;
            }
            header = Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var match = ShimScript().Match(header);
        return match.Success
            ? new PyenvShim(match.Groups["root"].Value, Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path))!)
            : null;
    }

    /// <summary>pyenv's choice: PYENV_VERSION, else the nearest .python-version, else $PYENV_ROOT/version, else system.</summary>
    public Target Resolve(LocatorEnvironment environment)
    {
        foreach (var version in SelectedVersions(environment))
        {
            if (version == "system")
            {
                var onPath = environment.PathDirectories
                    .Where(d => !string.Equals(Path.GetFullPath(d), ShimDirectory, StringComparison.Ordinal))
                    .Select(d => Path.Join(d, Program))
                    .FirstOrDefault(p => ExecutableFile.IsExecutable(p) && Read(p) is null);
                if (onPath is not null)
                {
                    return new Target(onPath, true);
                }
                continue;
            }
            var installation = Path.Join(Root, "versions", version);
            if (!Directory.Exists(installation))
            {
                return new Target(null, false); // a prefix ("3.13") or a plugin's name: pyenv knows
            }
            var executable = Path.Join(installation, "bin", Program);
            if (ExecutableFile.IsExecutable(executable))
            {
                return new Target(executable, true);
            }
        }
        return new Target(null, true);
    }

    private IEnumerable<string> SelectedVersions(LocatorEnvironment environment)
    {
        if (environment.Get("PYENV_VERSION") is { } chosen)
        {
            return chosen.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        var start = environment.Get("PYENV_DIR") ?? Environment.CurrentDirectory;
        for (var dir = Path.GetFullPath(start); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (VersionsIn(Path.Join(dir, ".python-version")) is { Count: > 0 } local)
            {
                return local;
            }
        }
        return VersionsIn(Path.Join(Root, "version")) is { Count: > 0 } global ? global : ["system"];
    }

    // pyenv-version-file-read: whitespace-separated names, '#' comments, no paths or "..".
    private static List<string>? VersionsIn(string file)
    {
        try
        {
            if (!File.Exists(file))
            {
                return null;
            }
            return File.ReadAllLines(file)
                .Where(line => !line.TrimStart().StartsWith('#'))
                .SelectMany(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                .Where(name => name != ".." && !name.Contains('/'))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"export PYENV_ROOT=""(?<root>[^""]+)""[\s\S]*/libexec/pyenv"" exec ""\$program""", RegexOptions.CultureInvariant)]
    private static partial Regex ShimScript();
}
