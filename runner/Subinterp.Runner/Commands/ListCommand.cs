using System.CommandLine;
using Subinterp.Runtime;
using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Reports;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Commands;

/// <summary>`subinterp list`: every test id with its file and line, collected in fresh interpreters as `run` would, none run.</summary>
internal static class ListCommand
{
    private static readonly SettingOptions Settings = new(SettingSources.List);
    private static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the listing (schema subinterp-list/1) to this file." };

    public static Command Create()
    {
        var command = new Command("list", "List the tests of each module (collected in a fresh subinterpreter, none run).");
        Settings.AddTo(command);
        command.Options.Add(Json);
        command.SetAction((parse, cancellation) => ExecuteAsync(parse, cancellation));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellation)
    {
        // As for a run: the worker starts while the options are read and Python is found.
        await using var headStart = WorkerHeadStart.Begin();
        RunOptions options;
        TestListing listing;
        try
        {
            options = Settings.Options(parse);
            listing = await TestSession.Open(options, new NoticesToStderr(), headStart: headStart).ListAsync(cancellation);
        }
        catch (RunSetupException error)
        {
            Console.Error.WriteLine($"subinterp: {error.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
        if (parse.GetValue(Json) is { } json)
        {
            ListingJsonWriter.Write(listing, json.FullName);
        }
        var tests = 0;
        foreach (var module in listing.Modules)
        {
            if (module.Error is { } error)
            {
                Console.Out.WriteLine($"{module.Module}  ({module.Path})  ERROR {error.Kind}: {ModuleFindings.FirstLine(error.Message)}");
                continue;
            }
            Console.Out.WriteLine($"{module.Module}  ({module.Path}, {module.Tests.Count} test{(module.Tests.Count == 1 ? "" : "s")})");
            foreach (var test in module.Tests)
            {
                tests++;
                var where = test.File is null ? "" : $"  {test.File}{(test.Line is { } line ? $":{line}" : "")}";
                Console.Out.WriteLine($"  {test.Id}{where}");
            }
        }
        var failed = listing.Modules.Count(m => m.Error is not null);
        Console.Out.WriteLine();
        Console.Out.WriteLine($"{tests} test{(tests == 1 ? "" : "s")} in {listing.Modules.Count - failed} module(s)" +
            (failed > 0 ? $"; {failed} module(s) could not be collected" : "") + $" (CPython {listing.Python.Version}, {listing.Mode}, {listing.Engine} engine)");
        if (tests == 0 && failed == 0)
        {
            Console.Error.WriteLine($"subinterp: the modules found hold no tests{(options.Keywords.Count > 0 || options.TestIds.Count > 0 ? " matching the selection" : "")}.");
            return ExitCodes.UsageOrEnvironment;
        }
        return failed > 0 ? ExitCodes.TestFailures : ExitCodes.Success;
    }

    private sealed class NoticesToStderr : ISessionObserver
    {
        public void Notice(string message) => Console.Error.WriteLine($"subinterp: {message}");
    }
}
