using System.Text.Json;
using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Driver;

/// <summary>
/// A driver that fails before the module's code runs (Driver/bootstrap.py) says so with its own
/// kind, driver-start, which the orchestrator answers with a run alone (DriverStartRetry), and
/// with the traceback of where it failed.
/// </summary>
public sealed class DriverStartTests
{
    [PythonTheory]
    public void A_driver_that_fails_to_import_reports_driver_start_with_its_traceback(PythonInstallation python)
    {
        using var temp = new TempDirectory();
        // A descriptor closed under the driver while it imports, as a neighbour's test can do.
        temp.WriteExecutable("driver/subinterp_driver/__init__.py", "");
        temp.WriteExecutable("driver/subinterp_driver/main.py", "import os\nos.read(987654, 1)\n");
        var events = temp.Combine("events.jsonl");
        var arguments = new DriverArguments
        {
            Module = "test_x", Path = temp.Combine("test_x.py"), Root = temp.Path, Mode = InterpreterMode.Isolated, Engine = "unittest",
            OutputLimit = 1000, ThreadJoinTimeout = 1, Pattern = "test*.py",
        };
        var script = DriverBootstrap.ForModule(temp.Combine("driver"), arguments, new DriverHost(null, 3, 5), events, process: true);

        ProcessRunner.Run(python.Executable, "-c", script);

        var lines = File.ReadAllLines(events);
        using var error = JsonDocument.Parse(Assert.Single(lines));
        var root = error.RootElement;
        Assert.Equal("module-error", root.GetProperty("type").GetString());
        Assert.Equal("driver-start", root.GetProperty("kind").GetString());
        Assert.Equal(5, root.GetProperty("seq").GetInt32());
        Assert.StartsWith("the driver failed to start: OSError(9, 'Bad file descriptor')", root.GetProperty("message").GetString());
        Assert.Contains("subinterp_driver/main.py\", line 2", root.GetProperty("traceback").GetString());
    }
}
