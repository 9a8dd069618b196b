namespace Subinterp.CompatMatrix.Probing;

/// <summary>
/// A temporary folder of generated probe modules for one session, named so that discovery order
/// keeps each extension's probes together (the two concurrent copies are adjacent, so two slots
/// pick them up at the same time). Maps each test module name back to its probe.
/// </summary>
public sealed class ProbeFolder : IDisposable
{
    private readonly Dictionary<string, Probe> _probes = new(StringComparer.Ordinal);

    public string Root { get; }

    /// <summary>Where durations and worker logs go: hidden, so discovery skips it.</summary>
    public string StateDirectory => Path.Combine(Root, ".state");

    private string RendezvousFolder => Path.Combine(Root, ".rendezvous");

    public ProbeFolder(string parent, string name)
    {
        Root = Path.Combine(parent, name);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(RendezvousFolder);
    }

    public IReadOnlyCollection<Probe> Probes => _probes.Values;

    public void Add(IEnumerable<Probe> probes, IReadOnlyList<string> paths)
    {
        foreach (var probe in probes)
        {
            var module = $"test_{_probes.Count:D5}_{Slug(probe)}";
            _probes[module] = probe;
            File.WriteAllText(Path.Combine(Root, module + ".py"), ProbeSource.For(probe, paths, RendezvousFolder));
        }
    }

    public Probe? ProbeOf(string testModule) => _probes.GetValueOrDefault(testModule);

    private static string Slug(Probe probe)
    {
        var name = new string(probe.Extension.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"{(name.Length > 40 ? name[..40] : name)}_{probe.Kind.ToString().ToLowerInvariant()}_{probe.Copy}";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still hold a log open; the parent temp folder is removed later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
