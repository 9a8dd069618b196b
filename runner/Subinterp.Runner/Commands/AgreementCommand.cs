using System.CommandLine;
using Subinterp.CompatMatrix;
using Subinterp.CompatMatrix.Agreement;
using Subinterp.CompatMatrix.Output;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Commands;

/// <summary>`subinterp agreement`: how far independent matrix runs agree with a published matrix; exit 3 below --min.</summary>
internal static class AgreementCommand
{
    private static readonly Option<FileInfo> Published = new("--published") { Description = "The published matrix.json.", Required = true };
    private static readonly Option<FileInfo[]> Runs = new("--run") { Description = "The matrix.json of an independent run; repeatable.", Required = true };
    private static readonly Option<string?> Python = new("--python") { Description = "Compare only this Python series' columns (e.g. 3.14)." };
    private static readonly Option<double> Minimum = new("--min") { Description = "Agreement (percent of compared cells) each run must reach.", DefaultValueFactory = _ => 95 };
    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Also write the comparison as Markdown to this file (every differing cell listed)." };

    public static Command Create()
    {
        var command = new Command("agreement", "Measure how far independent runs of `subinterp matrix` agree with a published matrix, cell by cell.") { Published, Runs, Python, Minimum, Out };
        command.SetAction(parse => Execute(parse.GetValue(Published)!.FullName, parse.GetValue(Runs)!, parse.GetValue(Python), parse.GetValue(Minimum), parse.GetValue(Out)?.FullName));
        return command;
    }

    /// <summary>A run's name: the folder that holds its matrix.json (run-1, ...).</summary>
    private static string RunName(FileInfo run) => run.Directory?.Name ?? run.Name;

    private static int Execute(string publishedPath, FileInfo[] runs, string? series, double minimum, string? outPath)
    {
        try
        {
            var published = MatrixJson.Read(publishedPath, "--published");
            var results = runs.Select(run => MatrixAgreement.Compare(published, MatrixJson.Read(run.FullName, "--run"), RunName(run), series)).ToList();
            var markdown = MatrixAgreement.Markdown(published, results, series, minimum);
            Console.Out.Write(markdown);
            if (outPath is not null)
            {
                File.WriteAllText(outPath, markdown);
            }
            if (results.Any(r => r.Cells == 0))
            {
                Console.Error.WriteLine($"subinterp: a run shares no cell with {publishedPath}{(series is null ? "" : $" in CPython {series} columns")}: nothing was compared.");
                return ExitCodes.UsageOrEnvironment;
            }
            return results.All(r => r.Percent >= minimum) ? ExitCodes.Success : ExitCodes.IsolationFindings;
        }
        catch (MatrixSetupException error)
        {
            Console.Error.WriteLine($"subinterp: {error.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
    }
}
