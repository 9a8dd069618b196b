using Subinterp.Runtime.Locating;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Subinterp.Testing;

/// <summary>
/// Expands a [PythonTheory] method into one test case per supported CPython. Every way of
/// ending up with nothing to run (no Python, a filter that excludes all, a wrong signature)
/// becomes one failing test case carrying the reason, never a skip or an empty result.
/// </summary>
public sealed class PythonTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        IXunitTestCase[] Fail(string message) =>
            [new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, message)];

        var parameters = testMethod.Method.GetParameters().ToList();
        if (parameters.Count != 1 || !IsPythonParameter(parameters[0].ParameterType))
        {
            return Fail(
                $"[PythonTheory] {testMethod.TestClass.Class.Name}.{testMethod.Method.Name} must take exactly one parameter, "
                + $"of type {nameof(PythonInstallation)} or string (the version).");
        }

        VersionBounds bounds;
        try
        {
            bounds = VersionBounds.Parse(
                factAttribute.GetNamedArgument<string?>(nameof(PythonTheoryAttribute.MinVersion)),
                factAttribute.GetNamedArgument<string?>(nameof(PythonTheoryAttribute.MaxVersion)));
        }
        catch (FormatException e)
        {
            return Fail(e.Message);
        }

        var supported = InstalledPythons.Supported;
        if (supported.Count == 0)
        {
            return Fail(InstalledPythons.NoneFoundMessage);
        }
        var selected = supported.Where(p => bounds.Contains(p.Version)).ToList();
        if (selected.Count == 0)
        {
            return Fail(
                $"[PythonTheory({bounds})] matches none of the supported CPythons found: "
                + string.Join(", ", supported.Select(p => p.ToString())) + ".");
        }

        return selected
            .Select(python => (IXunitTestCase)new PythonTestCase(
                diagnosticMessageSink, display, displayOptions, testMethod, python, Label(python, selected)))
            .ToList();
    }

    private static bool IsPythonParameter(ITypeInfo type) =>
        type.Name == typeof(PythonInstallation).FullName || type.Name == typeof(string).FullName;

    // Two installations of one version (a venv beside its base, say) must stay distinguishable.
    private static string Label(PythonInstallation python, IReadOnlyList<PythonInstallation> all) =>
        all.Count(p => p.VersionText == python.VersionText) > 1 ? $"{python.VersionText} at {python.Executable}" : python.VersionText;
}
