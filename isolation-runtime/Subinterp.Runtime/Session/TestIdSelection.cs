using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runtime.Session;

/// <summary>
/// --test ids resolved against the discovered modules: which modules run, and which of their tests.
/// Test ids are dotted (`pkg.test_mod.Class.test_x`, `test_mod.test_f[1]`); pytest node ids
/// (`tests/test_mod.py::Class::test_x`) and plain file paths are accepted too.
/// </summary>
internal static class TestIdSelection
{
    /// <returns>The selected modules in plan order, and the test ids to run in each module that does not run whole.</returns>
    /// <exception cref="RunSetupException">An id names no discovered module.</exception>
    public static (IReadOnlyList<TestModule> Modules, Dictionary<string, IReadOnlyList<string>> Selected) Resolve(IReadOnlyList<TestModule> modules, IReadOnlyList<string> ids)
    {
        var whole = new HashSet<string>(StringComparer.Ordinal);
        var tests = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (module, id) in ids.SelectMany(given => Locate(modules, given)))
        {
            if (id == module.Name)
            {
                whole.Add(module.Key);
            }
            else if (!tests.TryGetValue(module.Key, out var list))
            {
                tests[module.Key] = [id];
            }
            else if (!list.Contains(id))
            {
                list.Add(id);
            }
        }
        var chosen = modules.Where(m => whole.Contains(m.Key) || tests.ContainsKey(m.Key)).ToList();
        var selected = tests.Where(entry => !whole.Contains(entry.Key)).ToDictionary(entry => entry.Key, entry => (IReadOnlyList<string>)entry.Value, StringComparer.Ordinal);
        return (chosen, selected);
    }

    private static IEnumerable<(TestModule Module, string Id)> Locate(IReadOnlyList<TestModule> modules, string given)
    {
        if (given.Contains("::", StringComparison.Ordinal) || given.EndsWith(".py", StringComparison.Ordinal))
        {
            var parts = given.Split("::");
            var file = Path.GetFullPath(parts[0]);
            var byFile = modules.FirstOrDefault(m => m.FullPath == file)
                ?? modules.FirstOrDefault(m => parts[0].Replace('\\', '/').EndsWith(m.RelativePath, StringComparison.Ordinal))
                ?? throw new RunSetupException($"--test {given}: {parts[0]} is not one of the test modules found (see `subinterp list`).");
            return [(byFile, string.Join('.', new[] { byFile.Name }.Concat(parts.Skip(1))))];
        }
        var module = modules
            .Where(m => given == m.Name || given.StartsWith(m.Name + ".", StringComparison.Ordinal) || given.StartsWith(m.Name + "[", StringComparison.Ordinal))
            .MaxBy(m => m.Name.Length);
        // A package of test modules (CPython's test.test_inspect, test.test_asyncio): every module in it, as regrtest runs it.
        var inPackage = module is null ? modules.Where(m => m.Name.StartsWith(given + ".", StringComparison.Ordinal)).ToList() : [];
        if (inPackage.Count > 0)
        {
            return inPackage.Select(m => (m, m.Name));
        }
        if (module is null)
        {
            // The names that share the longest start with the id (a misspelt module, a test package's sibling).
            var least = Math.Max(6, given.Split('.')[0].Length * 3 / 5);
            var near = modules.Select(m => (m.Name, Shared: SharedStart(m.Name, given))).Where(m => m.Shared >= least)
                .OrderByDescending(m => m.Shared).ThenBy(m => m.Name, StringComparer.Ordinal).Take(5).Select(m => m.Name).ToList();
            throw new RunSetupException($"--test {given}: no test module found for it" +
                (near.Count > 0 ? $" (modules with similar names: {string.Join(", ", near)})" : $" among the {modules.Count} module(s) found") +
                "; ids start with the module's dotted name, e.g. pkg.test_mod.Class.test_x (see `subinterp list`).");
        }
        return [(module, given)];
    }

    private static int SharedStart(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
        {
            n++;
        }
        return n;
    }
}
