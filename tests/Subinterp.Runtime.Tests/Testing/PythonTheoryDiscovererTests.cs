using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Subinterp.Runtime.Tests.Testing;

/// <summary>The discoverer driven directly, as a runner would, on methods xunit itself does not see.</summary>
public sealed class PythonTheoryDiscovererTests
{
    [Fact]
    public void One_case_per_supported_CPython_named_by_version()
    {
        var cases = Discover(nameof(Samples.TakesInstallation));

        Assert.Equal(InstalledPythons.Supported.Count, cases.Count);
        Assert.All(cases, c => Assert.IsType<PythonTestCase>(c));
        Assert.Equal(
            InstalledPythons.Supported.Select(p => $"+Samples.TakesInstallation(python: {p.VersionText})"),
            cases.Select(c => c.DisplayName[c.DisplayName.LastIndexOf('+')..]));
        Assert.Equal(cases.Count, cases.Select(c => c.UniqueID).Distinct().Count());
    }

    [Fact]
    public void Cases_survive_serialization()
    {
        foreach (var testCase in Discover(nameof(Samples.TakesVersion)).Cast<PythonTestCase>())
        {
            var copy = SerializationHelper.Deserialize<IXunitTestCase>(SerializationHelper.Serialize(testCase));

            var python = Assert.IsType<PythonTestCase>(copy);
            Assert.Equal(testCase.UniqueID, python.UniqueID);
            Assert.Equal(testCase.DisplayName, python.DisplayName);
            Assert.Equal(testCase.PythonExecutable, python.PythonExecutable);
            Assert.Equal(testCase.PythonVersion, python.PythonVersion);
            Assert.Equal(testCase.PythonVersion, InstalledPythons.Resolve(python.PythonExecutable, python.PythonVersion).VersionText);
        }
    }

    [Fact]
    public void A_MinVersion_that_every_supported_CPython_meets_keeps_them_all()
    {
        Assert.Equal(InstalledPythons.Supported.Count, Discover(nameof(Samples.From312)).Count);
    }

    [Fact]
    public void A_filter_that_excludes_every_CPython_fails_instead_of_running_nothing()
    {
        var testCase = Assert.Single(Discover(nameof(Samples.FromFuture)));

        var error = Assert.IsType<ExecutionErrorTestCase>(testCase);
        Assert.Contains("[PythonTheory(MinVersion = 99)] matches none of the supported CPythons found", error.ErrorMessage);
    }

    [Fact]
    public void A_wrong_signature_fails_with_the_rule()
    {
        var error = Assert.IsType<ExecutionErrorTestCase>(Assert.Single(Discover(nameof(Samples.TakesNothing))));

        Assert.Contains("must take exactly one parameter, of type PythonInstallation or string", error.ErrorMessage);
    }

    [Fact]
    public void A_malformed_bound_fails_with_the_rule()
    {
        var error = Assert.IsType<ExecutionErrorTestCase>(Assert.Single(Discover(nameof(Samples.MalformedBound))));

        Assert.Contains("MaxVersion = \"three\" is not a version", error.ErrorMessage);
    }

    [Theory]
    [InlineData("3.12", null, "3.12.1", true)]
    [InlineData("3.12", null, "3.11.9", false)]
    [InlineData(null, "3.12", "3.12.9", true)]
    [InlineData(null, "3.12", "3.13.0", false)]
    [InlineData("3.12.2", "3.13", "3.12.1", false)]
    [InlineData(null, null, "3.14.0", true)]
    public void Bounds_compare_on_the_components_given(string? min, string? max, string version, bool contained)
    {
        Assert.Equal(contained, VersionBounds.Parse(min, max).Contains(Version.Parse(version)));
    }

    private static List<IXunitTestCase> Discover(string methodName)
    {
        var assembly = new TestAssembly(Reflector.Wrap(typeof(Samples).Assembly));
        var collection = new TestCollection(assembly, null, "samples");
        var testClass = new TestClass(collection, Reflector.Wrap(typeof(Samples)));
        var testMethod = new TestMethod(testClass, Reflector.Wrap(typeof(Samples).GetMethod(methodName)!));
        var attribute = testMethod.Method.GetCustomAttributes(typeof(PythonTheoryAttribute)).Single();

        return new PythonTheoryDiscoverer(new NullMessageSink())
            .Discover(new DiscoveryOptions(), testMethod, attribute)
            .ToList();
    }

    /// <summary>Not public, so xunit does not run these; only the tests above discover them.</summary>
#pragma warning disable xUnit1000 // deliberately hidden from xunit: some samples are meant to fail discovery
    internal sealed class Samples
    {
        [PythonTheory]
        public void TakesInstallation(PythonInstallation python) => _ = python;

        [PythonTheory]
        public void TakesVersion(string python) => _ = python;

        [PythonTheory(MinVersion = "3.12")]
        public void From312(PythonInstallation python) => _ = python;

        [PythonTheory(MinVersion = "99")]
        public void FromFuture(PythonInstallation python) => _ = python;

        [PythonTheory]
        public void TakesNothing()
        {
        }

        [PythonTheory(MaxVersion = "three")]
        public void MalformedBound(PythonInstallation python) => _ = python;
    }
#pragma warning restore xUnit1000

    private sealed class DiscoveryOptions : ITestFrameworkDiscoveryOptions
    {
        private readonly Dictionary<string, object?> values = [];

        public TValue GetValue<TValue>(string name) => values.TryGetValue(name, out var value) ? (TValue)value! : default!;

        public void SetValue<TValue>(string name, TValue value) => values[name] = value;
    }
}
