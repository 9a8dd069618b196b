using Subinterp.CompatMatrix.Catalog;
using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Packages;

/// <summary>
/// Which package each module belongs to. Modules a system package installed are grouped by that
/// package (one Debian package is one distribution, and dpkg knows every file, where a
/// distribution's metadata may not: pyzmq's lists no top-level name, charset-normalizer's mypyc
/// library has a hashed name); the group is named after the distribution its modules' metadata or
/// the package's own dist-info folder names. Other modules are grouped by their distribution.
/// </summary>
public static class PackageResolver
{
    /// <summary>A module's package: its name, version and the system package behind it.</summary>
    public sealed record ModulePackage(string Name, string? Version, SystemPackage? SystemPackage);

    public static IReadOnlyDictionary<string, ModulePackage> Resolve(IEnumerable<CatalogEntry> entries, Dpkg dpkg)
    {
        var modules = entries.Where(e => e.Kind is not ("stdlib-shared" or "stdlib-builtin"))
            .GroupBy(e => e.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var owners = dpkg.Owners(modules.Where(m => m.Origin is not null).Select(m => m.Origin!));
        var versions = dpkg.Versions(owners.Values);
        var resolved = new Dictionary<string, ModulePackage>(StringComparer.Ordinal);
        foreach (var group in modules.GroupBy(m => m.Origin is not null && owners.TryGetValue(m.Origin, out var owner) ? owner : null))
        {
            if (group.Key is null)
            {
                foreach (var module in group.Where(m => m.Distribution is not null))
                {
                    resolved[module.Name] = new ModulePackage(module.Distribution!, module.DistributionVersion, null);
                }
                continue;
            }
            var named = group.FirstOrDefault(m => m.Distribution is not null);
            var (name, version) = named is not null ? (named.Distribution!, named.DistributionVersion) : dpkg.Distribution(group.Key) ?? (group.Key, null);
            foreach (var module in group)
            {
                resolved[module.Name] = new ModulePackage(name, version, versions.GetValueOrDefault(group.Key));
            }
        }
        return resolved;
    }

    /// <summary>The system package each Python executable came from (the executable's real file), when dpkg knows it.</summary>
    public static IReadOnlyDictionary<string, SystemPackage> PythonPackages(IEnumerable<string> executables, Dpkg dpkg)
    {
        var real = executables.Distinct(StringComparer.Ordinal).ToDictionary(e => e, RealPath, StringComparer.Ordinal);
        var owners = dpkg.Owners(real.Values);
        var versions = dpkg.Versions(owners.Values);
        return real.Where(r => owners.TryGetValue(r.Value, out var owner) && versions.ContainsKey(owner))
            .ToDictionary(r => r.Key, r => versions[owners[r.Value]], StringComparer.Ordinal);
    }

    private static string RealPath(string file)
    {
        try
        {
            return new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
        }
        catch (IOException)
        {
            return file;
        }
    }
}
