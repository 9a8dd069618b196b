using System.CommandLine;
using Subinterp.Runtime;
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
                var problem = found.UnusableBecause();
                Console.Out.WriteLine($"  {(problem is null ? "ok" : "--")}  {found.VersionText,-8} {found.Executable}  (via {found.Source})");
                Console.Out.WriteLine($"      {problem ?? $"usable: shared library {found.Library}"}");
            }
            if (IgnoredInterrupt.Warning() is { } warning)
            {
                Console.Out.WriteLine($"warning: {warning}");
            }
            return 0;
        });
        return command;
    }
}
