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

    private static string? ConfigIn(string dir)
    {
        var candidates = new (string File, string? Section)[]
        {
            ("pytest.ini", null), (".pytest.ini", null), ("pyproject.toml", "[tool.pytest.ini_options]"),
            ("tox.ini", "[pytest]"), ("setup.cfg", "[tool:pytest]"),
        };
        foreach (var (file, section) in candidates)
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path) && (section is null || File.ReadLines(path).Any(line => line.Trim() == section)))
            {
                return path;
            }
        }
        return null;
    }
}
