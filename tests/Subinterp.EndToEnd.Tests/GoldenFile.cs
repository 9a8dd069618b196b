using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// Snapshot files in Verify's naming (Class.Method_param.verified.json beside a .received.json on
/// mismatch), so a later switch to Verify is mechanical. Set SUBINTERP_ACCEPT=1 to accept changes.
/// </summary>
internal static class GoldenFile
{
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden");
        Directory.CreateDirectory(folder);
        var verified = Path.Combine(folder, $"{name}.verified.json");
        var received = Path.Combine(folder, $"{name}.received.json");
        actual = actual.ReplaceLineEndings("\n").TrimEnd() + "\n";
        if (Environment.GetEnvironmentVariable("SUBINTERP_ACCEPT") == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        if (!File.Exists(verified))
        {
            File.WriteAllText(received, actual);
            throw new XunitException($"no golden file {verified}; wrote {received}. Review it and rename it to .verified.json (or run with SUBINTERP_ACCEPT=1).");
        }
        var expected = File.ReadAllText(verified).ReplaceLineEndings("\n");
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        throw new XunitException($"{name} differs from its golden file; see {received} (diff it against {verified}).\n{FirstDifference(expected, actual)}");
    }

    /// <summary>
    /// "prefix_X.Y" for a Python: its own version's golden file, else the newest one of an older
    /// version (a new CPython on CI is checked against the last one recorded, not failed for lack of a file).
    /// </summary>
    public static string NameFor(string prefix, Version python, [CallerFilePath] string callerFile = "")
    {
        var own = $"{prefix}_{python.Major}.{python.Minor}";
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden");
        if (File.Exists(Path.Combine(folder, $"{own}.verified.json")) || Environment.GetEnvironmentVariable("SUBINTERP_ACCEPT") == "1")
        {
            return own;
        }
        var older = Directory.Exists(folder)
            ? Directory.GetFiles(folder, $"{prefix}_*.verified.json")
                .Select(path => Path.GetFileName(path)[(prefix.Length + 1)..^".verified.json".Length])
                .Select(text => Version.TryParse(text, out var version) ? version : null)
                .OfType<Version>()
                .Where(version => version <= new Version(python.Major, python.Minor))
                .OrderDescending()
                .FirstOrDefault()
            : null;
        return older is null ? own : $"{prefix}_{older.Major}.{older.Minor}";
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"first difference at line {i + 1}:\n  expected: {left}\n  actual:   {right}";
            }
        }
        return "";
    }
}
