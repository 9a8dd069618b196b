using System.CommandLine;
using Subinterp.CompatMatrix;
using Subinterp.CompatMatrix.Output;
using Subinterp.CompatMatrix.Probing;
using Subinterp.Runner.Progress;
using Subinterp.Runtime;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Commands;

/// <summary>`subinterp matrix`: parse options, build the matrix with the library, write its outputs.</summary>
internal static class MatrixCommand
{
    private static readonly Option<string[]> Python = new("--python") { Description = "A Python to probe (version, executable or libpython3.X.so); repeatable. Default: the newest found.", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string[]> Modules = new("--modules", "-m") { Description = "stdlib (lib-dynload and built-in modules), site (site-packages), path (everything under --path) or dotted module names; repeatable, comma-separated." };
    private static readonly Option<string[]> PathOption = new("--path") { Description = "A folder put on sys.path of every interpreter (a source checkout with built extensions); repeatable." };
    private static readonly Option<string> Mode = new("--mode") { Description = "isolated, legacy or both.", DefaultValueFactory = _ => InterpreterModeNames.Both };
    private static readonly Option<DirectoryInfo> Out = new("--out", "-o") { Description = "Folder for matrix.json, matrix.md, matrix.html and badge.svg.", DefaultValueFactory = _ => new DirectoryInfo("matrix") };
    private static readonly Option<int> Jobs = new("--jobs", "-j") { Description = "Slots; the concurrent-import probe needs 2. Default: one per core.", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<int> Repeats = new("--repeats") { Description = "Fresh interpreters that import each module again, one after another.", DefaultValueFactory = _ => 2 };
    private static readonly Option<int> Lifecycles = new("--lifecycles") { Description = "Run each module's import K (>= 4) times under the lifecycle meter and report growth per lifecycle.", DefaultValueFactory = _ => 1 };
    private static readonly Option<string?> RunTests = new("--run-tests") { Description = "Also run each module's own tests in a subinterpreter: alone for the stdlib's mapped test modules, or give your package's test folder.", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<double> ProbeTimeout = new("--probe-timeout") { Description = "Seconds one probe may take before it is stopped and reported hung.", DefaultValueFactory = _ => 60 };
    private static readonly Option<int> Runs = new("--runs") { Description = "Independent runs of the whole matrix (N >= 1); a cell the runs disagree on shows every status seen and how often.", DefaultValueFactory = _ => 1 };
    private static readonly Option<bool> NoReproducers = new("--no-reproducers") { Description = "Do not write and check a standalone reproducer (stdlib only) for each crash." };
    private static readonly Option<string> Progress = new("--progress") { Description = "auto (live on a terminal), lines or none.", DefaultValueFactory = _ => "auto" };

    public static Command Create()
    {
        var command = new Command("matrix", "Probe extension modules in fresh subinterpreters, per Python and mode, and write the compatibility matrix.")
        {
            Python, Modules, PathOption, Mode, Out, Jobs, Repeats, Lifecycles, RunTests, ProbeTimeout, Runs, NoReproducers, Progress,
        };
        Mode.AcceptOnlyFromAmong([.. InterpreterModeNames.Choices]);
        Progress.AcceptOnlyFromAmong("auto", "lines", "none");
        command.SetAction((parse, cancellation) => ExecuteAsync(parse, cancellation));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellation)
    {
        var runTests = parse.GetResult(RunTests) is not null;
        var request = new MatrixRequest
        {
            Pythons = parse.GetValue(Python) ?? [],
            Modules = (parse.GetValue(Modules) ?? []).SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList(),
            Paths = parse.GetValue(PathOption) ?? [],
            Modes = InterpreterModeNames.Parse(parse.GetValue(Mode)!) ?? [],
            Jobs = parse.GetValue(Jobs),
            Repeats = parse.GetValue(Repeats),
            Lifecycles = parse.GetValue(Lifecycles),
            RunTests = runTests,
            TestFolder = runTests ? parse.GetValue(RunTests) : null,
            ProbeTimeoutSeconds = parse.GetValue(ProbeTimeout),
            Runs = parse.GetValue(Runs),
            Reproducers = !parse.GetValue(NoReproducers),
        };
        var progressMode = parse.GetValue(Progress);
        IMatrixObserver progress = progressMode == "none"
            ? new SilentMatrixProgress()
            : new MatrixProgress(Console.Out, progressMode == "auto" && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var document = await new MatrixBuilder(new RuntimeProbeSession(), progress).BuildAsync(request, cancellation);
            var outFolder = parse.GetValue(Out)!.FullName;
            var written = MatrixOutputs.Write(document, outFolder);
            Console.Out.WriteLine();
            Console.Out.Write(MarkdownTable.Render(document));
            Console.Out.WriteLine();
            Console.Out.WriteLine($"subinterp matrix: {MatrixSummary.Of(document).Describe()} in {clock.Elapsed.TotalSeconds:0.0} s; wrote {string.Join(", ", written)}");
            return 0;
        }
        catch (MatrixSetupException error)
        {
            Console.Error.WriteLine($"subinterp: {error.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
    }

    private sealed class SilentMatrixProgress : IMatrixObserver;
}
