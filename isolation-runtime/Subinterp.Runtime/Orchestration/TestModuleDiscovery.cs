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

    /// <param name="patterns">File name patterns of test modules under a folder (any one matches).</param>
    /// <exception cref="RunSetupException">A path is missing, not a Python file, or nothing matches.</exception>
    public static IReadOnlyList<TestModule> Discover(IReadOnlyList<string> paths, IReadOnlyList<string> patterns)
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
                var found = Search(full, patterns).ToList();
                if (found.Count == 0)
                {
                    throw new RunSetupException($"no test modules matching {string.Join(" or ", patterns.Select(p => $"'{p}'"))} under '{path}': check the path, or pass --pattern (e.g. --pattern '*_test.py').");
                }
                foreach (var file in found)
                {
                    modules.TryAdd(file, ToModule(file, full));
                }
            }
            else
            {
                throw new RunSetupException($"'{path}' does not exist (looked for {full}).");
            }
        }
        return modules.Values.OrderBy(module => module.FullPath, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Search(string folder, IReadOnlyList<string> patterns)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.py"))
        {
            if (patterns.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(file), ignoreCase: false)))
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
            foreach (var file in Search(child, patterns))
            {
                yield return file;
            }
        }
    }

    /// <summary>
    /// Names a module found under a folder the user gave. Below that folder, plain sub-folders are
    /// imported as namespace packages, so `broken/test_x.py` is `broken.test_x`: names stay unique
    /// and say where the file is, even when two folders hold a test_x.py.
    /// </summary>
    public static TestModule ToModule(string file, string searchRoot)
    {
        var packaged = ToModule(file);
        var root = packaged.Root;
        if (root == searchRoot || !root.StartsWith(searchRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return packaged;
        }
        var folders = Path.GetRelativePath(searchRoot, root).Split(Path.DirectorySeparatorChar);
        if (!folders.All(IsIdentifier))
        {
            return packaged;
        }
        var relative = Path.GetRelativePath(searchRoot, file).Replace(Path.DirectorySeparatorChar, '/');
        return new TestModule(string.Join('.', folders.Append(packaged.Name)), file, searchRoot, relative);
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    /// <summary>Names a module by its package chain alone: its root is the nearest folder without __init__.py.</summary>
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
