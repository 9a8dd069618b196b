namespace Subinterp.Runtime.Orchestration;

/// <summary>Finds the pytest configuration that makes `--engine auto` choose pytest, as pytest's own rootdir search would.</summary>
public static class PytestConfigFinder
{
    public static string? Find(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            for (var dir = Directory.Exists(full) ? full : Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (ConfigIn(dir) is { } config)
                {
                    return config;
                }
                if (Directory.Exists(Path.Combine(dir, ".git")))
                {
                    break;
                }
            }
        }
        return null;
    }

    /// <summary>The section that holds pytest's options in a configuration <see cref="Find"/> returned.</summary>
    public static string SectionOf(string configPath) =>
        Files.First(file => file.Name == Path.GetFileName(configPath)).Section;

    // pytest's order. pytest.ini counts even without its section (pytest then runs with no options);
    // the shared files only with theirs.
    private static readonly (string Name, string Section, bool CountsWithoutSection)[] Files =
    [
        ("pytest.ini", "[pytest]", true), (".pytest.ini", "[pytest]", true), ("pyproject.toml", "[tool.pytest.ini_options]", false),
        ("tox.ini", "[pytest]", false), ("setup.cfg", "[tool:pytest]", false),
    ];

    private static string? ConfigIn(string dir)
    {
        foreach (var (name, section, countsWithoutSection) in Files)
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path) && (countsWithoutSection || File.ReadLines(path).Any(line => line.Trim() == section)))
            {
                return path;
            }
        }
        return null;
    }
}
