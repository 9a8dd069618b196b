namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Splits the modules into `--shard` shares of about equal running time, the same way on every
/// machine that has the same modules and the same remembered durations: modules go longest first
/// (by the remembered durations; a module never seen counts as the median of the known ones, all
/// alike when none is known) to the share with the least time so far, ties broken by module name
/// and path, never by where the checkout is. Every module lands in exactly one share.
/// </summary>
public static class ShardPartition
{
    /// <summary>Fallback weight when no duration is known at all: only the relative sizes matter.</summary>
    private const double UnknownMilliseconds = 1000;

    /// <returns>Every share, index 0 = shard 1, each in the order of <paramref name="modules"/>.</returns>
    public static IReadOnlyList<IReadOnlyList<TestModule>> Split(IReadOnlyList<TestModule> modules, int count, Func<TestModule, double?> remembered)
    {
        var known = modules.Select(remembered).OfType<double>().Order().ToList();
        var unknown = known.Count == 0 ? UnknownMilliseconds : known[known.Count / 2];
        var loads = new double[count];
        var shareOf = new Dictionary<TestModule, int>();
        var byWeight = modules
            .Select(module => (Module: module, Weight: Math.Max(remembered(module) ?? unknown, 0)))
            .OrderByDescending(entry => entry.Weight)
            .ThenBy(entry => entry.Module.Name, StringComparer.Ordinal)
            .ThenBy(entry => entry.Module.RelativePath, StringComparer.Ordinal);
        foreach (var (module, weight) in byWeight)
        {
            var lightest = 0;
            for (var i = 1; i < count; i++)
            {
                if (loads[i] < loads[lightest])
                {
                    lightest = i;
                }
            }
            loads[lightest] += weight;
            shareOf[module] = lightest;
        }
        return Enumerable.Range(0, count).Select(i => (IReadOnlyList<TestModule>)modules.Where(m => shareOf[m] == i).ToList()).ToList();
    }
}
