using System.CommandLine;
using Subinterp.Runtime.Locating;

namespace Subinterp.Runner.Commands;

/// <summary>`subinterp doctor`: which Pythons were found, and whether each can run subinterpreters.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var python = new Option<string?>("--python") { Description = "Check this Python (version, executable or libpython path) only." };
        var command = new Command("doctor", "List the Pythons found and whether Subinterp can use them.") { python };
        command.SetAction(parse =>
        {
            var locator = new PythonLocator();
            var request = parse.GetValue(python);
            try
            {
                var chosen = locator.Locate(request);
                Console.Out.WriteLine($"would use: {chosen} library {chosen.Library} (found via {chosen.Source})");
            }
            catch (PythonLocatorException error)
            {
                Console.Out.WriteLine($"no usable Python: {error.Message}");
                return 2;
            }
            Console.Out.WriteLine("found:");
            foreach (var found in locator.FindAll())
            {
                var supported = locator.FindSupported().Any(s => s.Executable == found.Executable);
                Console.Out.WriteLine($"  {(supported ? "ok " : "-- ")} {found.VersionText,-8} {found.Executable}  shared={found.Shared} free-threaded={found.FreeThreaded} via {found.Source}");
            }
            return 0;
        });
        return command;
    }
}
