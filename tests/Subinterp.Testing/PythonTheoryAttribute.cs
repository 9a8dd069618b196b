using Xunit;
using Xunit.Sdk;

namespace Subinterp.Testing;

/// <summary>
/// Runs a test once per supported CPython (3.12+, shared library) that the product's own
/// locator finds, so tests exercise exactly what users get. The method takes one parameter:
/// a <see cref="Subinterp.Runtime.Locating.PythonInstallation"/> or a <see cref="string"/>
/// (the version). Where no supported Python exists the test fails with the locator's message:
/// a green run must never mean "nothing was tested".
/// </summary>
[XunitTestCaseDiscoverer("Subinterp.Testing.PythonTheoryDiscoverer", "Subinterp.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PythonTheoryAttribute : FactAttribute
{
    /// <summary>Lowest version to run on, compared on the components given ("3.13" includes 3.13.0).</summary>
    public string? MinVersion { get; set; }

    /// <summary>Highest version to run on, compared on the components given ("3.12" includes 3.12.9).</summary>
    public string? MaxVersion { get; set; }
}
