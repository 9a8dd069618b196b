using System.Reflection;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The Python driver ships as embedded resources; it is written once to a folder named after its
/// content hash so that every interpreter imports it from disk and reuses the cached bytecode.
/// </summary>
public static class DriverPackage
{
    private const string ResourcePrefix = "driver/";

    /// <summary>The folder that contains subinterp_driver/, created if needed.</summary>
    public static string Extract(string? cacheRoot = null)
    {
        var assembly = typeof(DriverPackage).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (Name: name[ResourcePrefix.Length..].Replace('\\', '/'), Bytes: Read(assembly, name)))
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException("the driver is missing from Subinterp.Runtime's resources: the build is broken.");
        }
        var hash = Hash(files);
        var root = Path.Combine(cacheRoot ?? DefaultCacheRoot(), $"driver-{hash}");
        if (Directory.Exists(root))
        {
            return root;
        }
        var staging = root + $".tmp-{Environment.ProcessId}";
        foreach (var (name, bytes) in files)
        {
            var target = Path.Combine(staging, "subinterp_driver", name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
        }
        try
        {
            Directory.Move(staging, root);
        }
        catch (IOException) when (Directory.Exists(root))
        {
            // Another worker extracted the same content first.
            Directory.Delete(staging, recursive: true);
        }
        return root;
    }

    /// <summary>Where <see cref="Extract"/> puts the driver by default (read from the environment).</summary>
    public static string DefaultCacheRoot() =>
        UserCacheDirectory.Find(Environment.GetEnvironmentVariable) ?? Path.Combine(Path.GetTempPath(), "subinterp");

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // FNV-1a, 64 bits: the folder name only has to change when the content does. A cryptographic
    // hash here loaded OpenSSL (libssl, libcrypto, openssl.cnf) into every worker at start-up.
    private static string Hash(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        const ulong offsetBasis = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offsetBasis;
        void Add(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * prime;
            }
        }
        foreach (var (name, bytes) in files)
        {
            Add(System.Text.Encoding.UTF8.GetBytes(name + "\0"));
            Add(bytes);
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
