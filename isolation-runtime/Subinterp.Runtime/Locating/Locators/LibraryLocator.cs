using System.Text.RegularExpressions;

namespace Subinterp.Runtime.Locating.Locators;

/// <summary>
/// From a libpython to the executable of the same installation (&lt;LIBDIR&gt;/../bin/python3.X).
/// The library alone is not enough: tests spawn sys.executable, and sysconfig must describe
/// the installation the library came from.
/// </summary>
internal sealed partial class LibraryLocator(ProbeCache probes)
{
    // LIBDIR is prefix/lib on most builds, prefix/lib/<multiarch> on Debian and Ubuntu.
    private const int MaxLevelsUp = 3;

    public static bool IsLibraryName(string fileName) => LibraryName().IsMatch(fileName);

    /// <exception cref="PythonLocatorException">No executable of that installation was found.</exception>
    public PythonFacts Locate(string libraryPath)
    {
        var match = LibraryName().Match(Path.GetFileName(libraryPath));
        var minor = match.Groups["minor"].Value;
        var executableName = $"python{minor}{match.Groups["abi"].Value}";
        var realLibrary = RealPath.Resolve(libraryPath);
        var realDirectory = Path.GetDirectoryName(realLibrary)!;

        var looked = new List<string>();
        var mismatches = new List<string>();
        foreach (var directory in new[] { Path.GetDirectoryName(libraryPath)!, realDirectory }.Distinct(StringComparer.Ordinal))
        {
            foreach (var candidate in Ancestors(directory).Select(a => Path.Join(a, "bin", executableName)))
            {
                if (looked.Contains(candidate))
                {
                    continue;
                }
                looked.Add(candidate);
                if (!ExecutableFile.IsExecutable(candidate) || probes.TryProbe(candidate) is not { } facts)
                {
                    continue;
                }
                if (facts.LibDir is { } libDir && Directory.Exists(libDir)
                    && string.Equals(RealPath.Resolve(libDir), realDirectory, StringComparison.Ordinal))
                {
                    return facts;
                }
                mismatches.Add($"{candidate} uses LIBDIR {facts.LibDir ?? "(none)"}");
            }
        }

        var why = mismatches.Count > 0 ? $" ({string.Join("; ", mismatches)})" : "";
        throw new PythonLocatorException(
            $"{libraryPath} is a CPython {minor} library, but no {executableName} executable of the same installation was found "
            + $"(looked for {string.Join(", ", looked)}){why}. Subinterp needs the installation's executable as well as its library: "
            + "tests spawn sys.executable. Pass the path of the executable instead.");
    }

    private static IEnumerable<string> Ancestors(string directory)
    {
        var current = directory;
        for (var level = 0; level < MaxLevelsUp && current is not null; level++)
        {
            yield return current;
            current = Path.GetDirectoryName(current);
        }
    }

    [GeneratedRegex(@"^libpython(?<minor>\d+\.\d+)(?<abi>[a-z]*)\.(so(\.\d+)*|dylib)$", RegexOptions.CultureInvariant)]
    private static partial Regex LibraryName();
}
