using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Session;
using Subinterp.TestAdapter.Mapping;

namespace Subinterp.TestAdapter.Execution;

/// <summary>Turns selected test cases into the session's selection (RunOptions.TestIds).</summary>
internal static class Selection
{
    /// <summary>
    /// A test case selects its test; a module's isolation case selects the whole module unless
    /// tests of that module are selected too (then those tests run, and the module's verdict
    /// comes from them).
    /// </summary>
    /// <param name="modules">The modules of the run being prepared; null when every selected case belongs to it.</param>
    public static List<string> TestIds(IEnumerable<TestCase> selected, IReadOnlySet<string>? modules)
    {
        var cases = selected.Where(test => modules is null || modules.Contains(TestCaseFactory.ModuleOf(test))).ToList();
        var modulesWithTests = cases.Where(test => !TestCaseFactory.IsIsolationCase(test)).Select(TestCaseFactory.ModuleOf).ToHashSet(StringComparer.Ordinal);
        return cases
            .Select(test => TestCaseFactory.IsIsolationCase(test) ? TestCaseFactory.ModuleOf(test) : test.FullyQualifiedName)
            .Where(id => !modulesWithTests.Contains(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The module names a run's options discover (no Python code runs for this).</summary>
    public static IReadOnlySet<string> ModulesOf(RunOptions options) =>
        TestSession.Open(options).Plan.Modules.Select(module => module.Name).ToHashSet(StringComparer.Ordinal);
}
