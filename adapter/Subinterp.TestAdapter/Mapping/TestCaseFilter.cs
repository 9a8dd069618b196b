using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;

namespace Subinterp.TestAdapter.Mapping;

/// <summary>
/// The run's or discovery's test case filter (`dotnet test --filter`, the explorer's search) over
/// FullyQualifiedName, Name, DisplayName and the traits module, engine, mode and python.
/// </summary>
internal sealed class TestCaseFilter
{
    private static readonly string[] TraitNames = ["module", "engine", "mode", "python"];
    private static readonly string[] Supported = ["FullyQualifiedName", "Name", "DisplayName", .. TraitNames];

    private readonly ITestCaseFilterExpression? _expression;

    private TestCaseFilter(ITestCaseFilterExpression? expression) => _expression = expression;

    public static TestCaseFilter None { get; } = new(null);

    public bool IsEmpty => _expression is null;

    /// <exception cref="TestPlatformFormatException">The filter names a property the adapter does not know.</exception>
    public static TestCaseFilter From(IDiscoveryContext? context) => new(context switch
    {
        IRunContext run => run.GetTestCaseFilter(Supported, PropertyOf),
        null => null,
        // VSTest's discovery context has the same method without declaring it on the interface (`dotnet test --list-tests --filter`).
        _ => context.GetType().GetMethod("GetTestCaseFilter", [typeof(IEnumerable<string>), typeof(Func<string, TestProperty?>)]) is { } method
            ? Invoke(method, context)
            : null,
    });

    public bool Matches(TestCase testCase) => _expression?.MatchTestCase(testCase, name => ValueOf(testCase, name)) ?? true;

    private static ITestCaseFilterExpression? Invoke(System.Reflection.MethodInfo method, IDiscoveryContext context)
    {
        try
        {
            return (ITestCaseFilterExpression?)method.Invoke(context, [Supported, (Func<string, TestProperty?>)PropertyOf]);
        }
        catch (System.Reflection.TargetInvocationException error) when (error.InnerException is TestPlatformFormatException format)
        {
            throw format;
        }
    }

    private static TestProperty? PropertyOf(string name) => name.ToLowerInvariant() switch
    {
        "fullyqualifiedname" => TestCaseProperties.FullyQualifiedName,
        "displayname" => TestCaseProperties.DisplayName,
        "name" => SubinterpProperties.Name,
        _ => null,
    };

    private static object? ValueOf(TestCase testCase, string name)
    {
        if (PropertyOf(name) is { } property)
        {
            return testCase.GetPropertyValue(property);
        }
        var values = testCase.Traits.Where(trait => string.Equals(trait.Name, name, StringComparison.OrdinalIgnoreCase)).Select(trait => trait.Value).ToArray();
        return values.Length switch { 0 => null, 1 => values[0], _ => values };
    }
}
