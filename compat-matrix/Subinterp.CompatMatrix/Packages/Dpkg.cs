using Subinterp.CompatMatrix.Model;
using Subinterp.Runtime.Locating;

namespace Subinterp.CompatMatrix.Packages;

/// <summary>
/// Debian's package database, asked with dpkg-query where there is one: which package installed a
/// file, its exact version, and the distribution (dist-info or egg-info folder) it ships. This pins
/// what a matrix measured on a Debian system (sid's python3-numpy 1:2.4.6+ds-5+b1, python3.14 3.14.10-1)
/// and names the distribution of modules whose metadata does not list them. Elsewhere every answer
/// is empty and the distributions' own metadata stands alone.
/// </summary>
public sealed class Dpkg
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string? _query;

    public Dpkg(string? query = null) => _query = query ?? OnPath("dpkg-query");

    /// <summary>The package that installed each file (those no package owns are absent).</summary>
    public IReadOnlyDictionary<string, string> Owners(IEnumerable<string> files)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var wanted = files.ToHashSet(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(200))
        {
            // Exit code 1 when some file has no owner: the others are still listed.
            foreach (var line in Query(["--search", .. chunk]))
            {
                var split = line.IndexOf(": ", StringComparison.Ordinal);
                if (split <= 0 || line.Contains(", ", StringComparison.Ordinal) && line.IndexOf(", ", StringComparison.Ordinal) < split)
                {
                    continue; // "diversion by ..." lines, or a file several packages share
                }
                var file = line[(split + 2)..].Trim();
                if (wanted.Contains(file))
                {
                    owners[file] = line[..split].Split(':')[0];
                }
            }
        }
        return owners;
    }

    /// <summary>Each package's version.</summary>
    public IReadOnlyDictionary<string, SystemPackage> Versions(IEnumerable<string> packages)
    {
        var versions = new Dictionary<string, SystemPackage>(StringComparer.Ordinal);
        var names = packages.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return versions;
        }
        foreach (var line in Query(["--show", "--showformat=${Package}\t${Version}\n", .. names]))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2 && parts[1].Length > 0)
            {
                versions[parts[0]] = new SystemPackage(parts[0], parts[1]);
            }
        }
        return versions;
    }

    /// <summary>The distribution (name, version) a package ships, read from the dist-info or egg-info folder among its files.</summary>
    public (string Name, string? Version)? Distribution(string package)
    {
        foreach (var line in Query(["--listfiles", package]))
        {
            var folder = Path.GetFileName(line.Trim());
            foreach (var suffix in new[] { ".dist-info", ".egg-info" })
            {
                if (folder.EndsWith(suffix, StringComparison.Ordinal) && line.Contains("-packages/", StringComparison.Ordinal))
                {
                    var stem = folder[..^suffix.Length];
                    var dash = stem.IndexOf('-', StringComparison.Ordinal);
                    return dash > 0 ? (stem[..dash], stem[(dash + 1)..]) : (stem, null);
                }
            }
        }
        return null;
    }

    private IEnumerable<string> Query(IReadOnlyList<string> arguments)
    {
        if (_query is null)
        {
            return [];
        }
        try
        {
            var output = PythonCommand.Run(_query, arguments, Timeout);
            return output is null ? [] : output.Value.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
