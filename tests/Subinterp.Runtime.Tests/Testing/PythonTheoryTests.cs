using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Testing;

/// <summary>[PythonTheory] in use: this method runs once per supported CPython, named by its version.</summary>
public sealed class PythonTheoryTests
{
    [PythonTheory]
    public void Runs_once_per_supported_CPython(string python)
    {
        Assert.Contains(InstalledPythons.Supported, p => p.VersionText == python);
        Assert.True(Version.Parse(python.Split('a', 'b', 'r')[0]) >= new Version(3, 12), python);
    }
}
