using System.Globalization;
using System.Text.RegularExpressions;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// What a user asked for: a version ("3.13", "3.13.0", "3.13t") or a location (an executable,
/// a venv or installation directory, a libpython, or a command name looked up on PATH).
/// </summary>
internal sealed partial record PythonRequest(string Text, int[]? VersionParts, bool FreeThreaded)
{
    public bool IsVersion => VersionParts is not null;

    public static PythonRequest Parse(string text)
    {
        var match = VersionPattern().Match(text);
        if (!match.Success)
        {
            return new PythonRequest(text, null, false);
        }
        var parts = match.Groups["version"].Value.Split('.').Select(part => int.Parse(part, CultureInfo.InvariantCulture)).ToArray();
        return new PythonRequest(text, parts, match.Groups["t"].Success);
    }

    /// <summary>Component-wise prefix match, so "3.1" means 3.1.x and never 3.13.</summary>
    public bool Matches(Version version)
    {
        if (VersionParts is null)
        {
            return false;
        }
        int[] actual = [version.Major, version.Minor, Math.Max(version.Build, 0)];
        return VersionParts.Select((part, i) => part == actual[i]).All(equal => equal);
    }

    [GeneratedRegex(@"^(?<version>\d{1,4}(\.\d{1,4}){0,2})(?<t>t)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
