using System.Globalization;
using System.Text.RegularExpressions;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// The version a candidate's names claim before it is asked: the file name (python3.13), the file
/// it links to, the installation folder (pyenv's 3.13.0, uv's cpython-3.13.0-linux-x86_64-gnu).
/// Only used to skip probing candidates that cannot be the answer; the probe has the last word.
/// </summary>
internal sealed partial record VersionHint(int[] Parts)
{
    public static readonly VersionHint None = new([]);

    public bool IsKnown => Parts.Length > 0;

    public static VersionHint Of(string executable)
    {
        var best = None;
        foreach (var name in Names(executable))
        {
            var match = VersionName().Match(name);
            if (!match.Success)
            {
                continue;
            }
            var parts = match.Groups["v"].Value.Split('.').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            if (best.IsKnown && !Compatible(best.Parts, parts))
            {
                return None; // names disagree: ask the executable
            }
            if (parts.Length > best.Parts.Length)
            {
                best = new VersionHint(parts);
            }
        }
        return best;
    }

    /// <summary>Whether a Python of this hint could be <paramref name="wanted"/> (a version prefix).</summary>
    public bool CouldBe(int[] wanted) => !IsKnown || Compatible(Parts, wanted);

    /// <summary>Whether a Python of this hint could be newer than or as new as <paramref name="version"/>.</summary>
    public bool CouldBeAtLeast(Version version)
    {
        if (!IsKnown)
        {
            return true;
        }
        int[] known = [version.Major, version.Minor, Math.Max(version.Build, 0)];
        for (var i = 0; i < Parts.Length; i++)
        {
            if (Parts[i] != known[i])
            {
                return Parts[i] > known[i];
            }
        }
        return true; // equal as far as the hint goes
    }

    private static bool Compatible(int[] a, int[] b) => a.Zip(b).All(pair => pair.First == pair.Second);

    private static IEnumerable<string> Names(string executable)
    {
        yield return Path.GetFileName(executable);
        string? real = null;
        try
        {
            real = RealPath.Resolve(executable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No link target to read: the invoked name is all there is.
        }
        if (real is not null)
        {
            yield return Path.GetFileName(real);
        }
        // <installation>/bin/python3: pyenv and uv name the installation after its version.
        if (Path.GetDirectoryName(Path.GetDirectoryName(executable)) is { } installation)
        {
            yield return Path.GetFileName(installation);
        }
    }

    [GeneratedRegex(@"^(?:python|cpython-)(?<v>\d+(?:\.\d+){0,2})|^(?<v>\d+\.\d+(?:\.\d+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionName();
}
