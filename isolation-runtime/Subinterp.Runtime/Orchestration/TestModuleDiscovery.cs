using System.IO.Enumeration;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Finds test modules under the given files and folders. Every folder is searched (not only
/// packages), and each module's root is the nearest ancestor folder without __init__.py, which is
/// what unittest discovery and pytest's default import mode put on sys.path.
/// </summary>
public static class TestModuleDiscovery
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        "__pycache__", "node_modules", "site-packages", "dist-packages", "build", "dist",
    };

    /// <exception cref="RunSetupException">A path is missing, not a Python file, or nothing matches.</exception>
    public static IReadOnlyList<TestModule> Discover(IReadOnlyList<string> paths, string pattern)
    {
        if (paths.Count == 0)
        {
            throw new RunSetupException("no path given: name the folders or test files to run, e.g. `subinterp run tests/`.");
        }
        var modules = new Dictionary<string, TestModule>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                if (!full.EndsWith(".py", StringComparison.Ordinal))
                {
                    throw new RunSetupException($"'{path}' is not a Python file: give a .py test module or a folder.");
                }
                modules.TryAdd(full, ToModule(full));
            }
            else if (Directory.Exists(full))
            {
                var found = Search(full, pattern).ToList();
                if (found.Count == 0)
                {
                    throw new RunSetupException($"no test modules matching '{pattern}' under '{path}': check the path, or pass --pattern (e.g. --pattern '*_test.py').");
                }
                foreach (var file in found)
                {
                    modules.TryAdd(file, ToModule(file));
                }
            }
            else
            {
                throw new RunSetupException($"'{path}' does not exist (looked for {full}).");
            }
        }
        return modules.Values.OrderBy(module => module.FullPath, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Search(string folder, string pattern)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.py"))
        {
            if (FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(file), ignoreCase: false))
            {
                yield return file;
            }
        }
        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(child);
            if (name.StartsWith('.') || SkippedFolders.Contains(name) || File.Exists(Path.Combine(child, "pyvenv.cfg")))
            {
                continue;
            }
            foreach (var file in Search(child, pattern))
            {
                yield return file;
            }
        }
    }

    public static TestModule ToModule(string file)
    {
        var parts = new List<string> { Path.GetFileNameWithoutExtension(file) };
        var root = Path.GetDirectoryName(file)!;
        while (File.Exists(Path.Combine(root, "__init__.py")) && Path.GetDirectoryName(root) is { } parent)
        {
            parts.Insert(0, Path.GetFileName(root));
            root = parent;
        }
        var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
        return new TestModule(string.Join('.', parts), file, root, relative);
    }
}
