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
    AgreementCommand.Create(),
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
// Ctrl+C and SIGTERM cancel the command's token: a run stops its workers and still writes its
// reports with what finished. System.CommandLine 2.0.0 leaves this off by default (the process then
// dies at once, reports unwritten); the timeout is how long the reports may take before it does.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
