using System.CommandLine;
using Subinterp.Runner.Commands;

var root = new RootCommand("Runs Python test suites with each test module in a fresh, isolated CPython subinterpreter.")
{
    RunCommand.Create(),
    ListCommand.Create(),
    MergeCommand.Create(),
    DoctorCommand.Create(),
    MatrixCommand.Create(),
    GateCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"subinterp: {error.Message}");
    }
    Console.Error.WriteLine("Run `subinterp --help` or `subinterp run --help` for the options.");
    return 2;
}
return await parsed.InvokeAsync();
