using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The driver's own self-check (isolation-runtime/Subinterp.Runtime/Driver/selfcheck.py): the
/// driver run in real subinterpreters of a plain Python, event by event, on both engines.
/// </summary>
public sealed class DriverSelfCheckTests
{
    [PythonTheory]
    public void EveryCasePasses(PythonInstallation python)
    {
        var script = Path.Combine(RepoPaths.Root, "isolation-runtime", "Subinterp.Runtime", "Driver", "selfcheck.py");

        var output = PythonCommand.Run(VenvWithPytest.For(python), script);

        Assert.Contains(", 0 failed", output);
        Assert.Contains("ok   pytest\n", output + "\n");
        Assert.DoesNotContain("FAIL", output);
    }
}
