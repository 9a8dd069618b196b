using System.Text.RegularExpressions;

namespace Subinterp.Runtime.Locating.Locators;

/// <summary>
/// python3, python3.X and python on PATH, in PATH order. A pyenv shim stands for the executable
/// pyenv would run (<see cref="PyenvShim"/>); it is only run itself when pyenv's choice is unclear.
/// </summary>
internal sealed partial class PathLocator(LocatorEnvironment environment) : ICandidateLocator
{
    public string Source => "PATH";

    public string SearchedPlaces => $"PATH ({string.Join(Path.PathSeparator, environment.PathDirectories)})";

    public IEnumerable<PythonCandidate> FindCandidates()
    {
        // /bin is often a link to /usr/bin: one listing of the folder is enough.
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in environment.PathDirectories)
        {
            if (!listed.Add(RealPath.Resolve(directory)))
            {
                continue;
            }
            foreach (var name in PythonNamesIn(directory))
            {
                var path = Path.Join(directory, name);
                if (!ExecutableFile.IsExecutable(path))
                {
                    continue;
                }
                if (PyenvShim.Read(path) is not { } shim)
                {
                    yield return new PythonCandidate(path, Source);
                    continue;
                }
                var target = shim.Resolve(environment);
                if (!target.Known)
                {
                    yield return new PythonCandidate(path, Source);
                }
                else if (target.Executable is { } executable)
                {
                    yield return new PythonCandidate(executable, Source);
                }
                // else: a version pyenv has not selected here ("command not found"); pyenv's own
                // folders are searched by PyenvLocator anyway.
            }
        }
    }

    private static IEnumerable<string> PythonNamesIn(string directory)
    {
        // Folders among the names drop out at IsExecutable, which checks only these few.
        var names = DirectoryNames.List(directory, n => PythonName().IsMatch(n));
        // python3 first (what the user gets by typing it), then versioned names newest first,
        // then plain python, which is Python 2 on some systems.
        return names
            .OrderBy(n => n == "python3" ? 0 : n == "python" ? 2 : 1)
            .ThenByDescending(n => PythonName().Match(n).Groups["minor"] is { Success: true } m ? int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) : 0)
            .ThenBy(n => n, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^python(3(\.(?<minor>\d{1,3}))?t?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PythonName();
}
