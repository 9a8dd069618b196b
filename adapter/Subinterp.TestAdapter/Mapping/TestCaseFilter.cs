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
    public static TestCaseFilter From(IDiscoveryContext? context) => new(Checked(context switch
    {
        IRunContext run => run.GetTestCaseFilter(Supported, PropertyOf),
        null => null,
        // VSTest's discovery context has the same method without declaring it on the interface (`dotnet test --list-tests --filter`).
        _ => context.GetType().GetMethod("GetTestCaseFilter", [typeof(IEnumerable<string>), typeof(Func<string, TestProperty?>)]) is { } method
            ? Invoke(method, context)
            : null,
    }));

    /// <summary>
    /// VSTest lets a filter on an unknown property match nothing, silently ("no test matches"):
    /// a misspelt property is a mistake worth naming.
    /// </summary>
    private static ITestCaseFilterExpression? Checked(ITestCaseFilterExpression? expression)
    {
        if (expression?.TestCaseFilterValue is not { } filter)
        {
            return expression;
        }
        var unknown = PropertyNames(filter).Where(name => !Supported.Contains(name, StringComparer.OrdinalIgnoreCase)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new TestPlatformFormatException(
                $"--filter \"{filter}\": {string.Join(", ", unknown)} is not a property Subinterp's tests have; filter on {string.Join(", ", Supported.SkipLast(1))} or {Supported[^1]}.", filter);
        }
        return expression;
    }

    /// <summary>The property of each condition: "A=1&amp;(B~x|C!=y)" has A, B and C. A backslash escapes the next character.</summary>
    internal static IEnumerable<string> PropertyNames(string filter)
    {
        var condition = new System.Text.StringBuilder();
        for (var i = 0; i <= filter.Length; i++)
        {
            var c = i < filter.Length ? filter[i] : '&';
            if (c == '\\' && i + 1 < filter.Length)
            {
                condition.Append(c).Append(filter[++i]);
                continue;
            }
            if (c is '&' or '|' or '(' or ')')
            {
                var text = condition.ToString();
                var op = text.IndexOfAny(['=', '~']);
                if (op > 0)
                {
                    yield return text[..op].TrimEnd('!').Trim();
                }
                condition.Clear();
                continue;
            }
            condition.Append(c);
        }
    }

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
