using Microsoft.VisualStudio.TestPlatform.ObjectModel;

namespace Subinterp.TestAdapter.Mapping;

/// <summary>Facts the traits carry: known once the session has found the Python and chosen the engine.</summary>
internal sealed record RunTraits(string Engine, string Mode, string PythonVersion);

/// <summary>
/// Builds the VSTest test case of a Python test, or of a module's isolation verdict. Discovery
/// (from the session's listing) and execution (from results) go through here, so a test's fully
/// qualified name, and with it its id, is the same both times.
/// </summary>
internal static class TestCaseFactory
{
    public const string ExecutorUri = "executor://subinterp/v1";

    /// <summary>The last segment of a module's isolation case: "pkg.test_mod::isolation".</summary>
    public const string IsolationSuffix = "::isolation";

    public const string ModuleLevel = "<module>";

    public static string IsolationName(string module) => module + IsolationSuffix;

    /// <param name="file">The test's file, absolute; null when unknown.</param>
    public static TestCase ForTest(string source, string module, string testId, string? file, int? line, RunTraits traits)
    {
        var name = PythonTestName.Parse(testId, module);
        var testCase = Create(source, testId, module, name.MethodWithParameters, file, line, traits);
        testCase.SetPropertyValue(SubinterpProperties.ManagedType, name.ManagedType);
        testCase.SetPropertyValue(SubinterpProperties.ManagedMethod, name.Method);
        testCase.SetPropertyValue(SubinterpProperties.Hierarchy, new[] { module, name.ClassPath ?? ModuleLevel, name.Method, name.MethodWithParameters });
        return testCase;
    }

    /// <summary>The module's own case: it fails when the module crashed, timed out, could not be imported, imported an unsafe extension or leaked.</summary>
    public static TestCase ForIsolation(string source, string module, string? moduleFile, RunTraits traits)
    {
        var testCase = Create(source, IsolationName(module), module, "isolation", moduleFile, moduleFile is null ? null : 1, traits);
        testCase.SetPropertyValue(SubinterpProperties.ManagedType, module);
        testCase.SetPropertyValue(SubinterpProperties.ManagedMethod, "isolation");
        testCase.SetPropertyValue(SubinterpProperties.Hierarchy, new[] { module, ModuleLevel, "isolation", "isolation" });
        return testCase;
    }

    /// <summary>
    /// The case that carries a source's setup error (a bad setting, no usable Python) in a run:
    /// the testing platform shows an adapter's error messages only as a count, a failed test with
    /// the message everywhere.
    /// </summary>
    public static TestCase ForSetup(string source)
    {
        var testCase = new TestCase(SetupName, new Uri(ExecutorUri), source) { DisplayName = SetupName };
        testCase.SetPropertyValue(SubinterpProperties.ManagedType, "subinterp");
        testCase.SetPropertyValue(SubinterpProperties.ManagedMethod, "setup");
        return testCase;
    }

    public const string SetupName = "subinterp::setup";

    public static bool IsIsolationCase(TestCase testCase) => testCase.FullyQualifiedName.EndsWith(IsolationSuffix, StringComparison.Ordinal);

    public static string ModuleOf(TestCase testCase) => testCase.GetPropertyValue<string>(SubinterpProperties.Module, null)
        ?? throw new InvalidOperationException($"test case {testCase.FullyQualifiedName} was not made by Subinterp's discoverer (no module)");

    private static TestCase Create(string source, string fullyQualifiedName, string module, string name, string? file, int? line, RunTraits traits)
    {
        var testCase = new TestCase(fullyQualifiedName, new Uri(ExecutorUri), source)
        {
            DisplayName = fullyQualifiedName,
            CodeFilePath = file,
            LineNumber = line ?? 0,
        };
        testCase.SetPropertyValue(SubinterpProperties.Module, module);
        testCase.SetPropertyValue(SubinterpProperties.Name, name);
        testCase.Traits.Add("module", module);
        testCase.Traits.Add("engine", traits.Engine);
        testCase.Traits.Add("mode", traits.Mode);
        testCase.Traits.Add("python", traits.PythonVersion);
        return testCase;
    }
}
