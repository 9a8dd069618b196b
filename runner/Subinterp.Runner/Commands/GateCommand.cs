using System.CommandLine;
using Subinterp.CompatMatrix;
using Subinterp.CompatMatrix.Gate;
using Subinterp.CompatMatrix.Output;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Commands;

/// <summary>`subinterp gate`: compare a matrix with a baseline; exit 3 when a cell got worse, 2 on bad input.</summary>
internal static class GateCommand
{
    private static readonly Option<FileInfo> Baseline = new("--baseline") { Description = "The committed baseline matrix.json.", Required = true };
    private static readonly Option<FileInfo> Current = new("--current") { Description = "The matrix.json just built.", Required = true };
    private static readonly Option<bool> Update = new("--update-baseline") { Description = "Write the cells that got better (and new ones) into the baseline file." };

    public static Command Create()
    {
        var command = new Command("gate", "Fail (exit 3) when a cell of the current compatibility matrix is worse than in the baseline.") { Baseline, Current, Update };
        command.SetAction(parse => Execute(parse.GetValue(Baseline)!.FullName, parse.GetValue(Current)!.FullName, parse.GetValue(Update)));
        return command;
    }

    private static int Execute(string baselinePath, string currentPath, bool update)
    {
        GateResult result;
        try
        {
            var baseline = MatrixJson.Read(baselinePath, "--baseline");
            var current = MatrixJson.Read(currentPath, "--current");
            result = MatrixGate.Compare(baseline, current);
            Console.Out.Write(GateReport.Text(result));
            if (string.Equals(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.Ordinal))
            {
                Console.Out.Write(GateReport.Annotations(result));
                if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
                {
                    File.AppendAllText(summary, GateReport.Summary(result, current));
                }
            }
            if (update && (result.Improved.Count > 0 || result.Added.Count > 0))
            {
                MatrixJson.Write(MatrixGate.Updated(baseline, current, result), baselinePath);
                Console.Out.WriteLine($"gate: wrote {result.Improved.Count} better and {result.Added.Count} new cell(s) into {baselinePath}");
            }
        }
        catch (MatrixSetupException error)
        {
            Console.Error.WriteLine($"subinterp: {error.Message}");
            return ExitCodes.UsageOrEnvironment;
        }
        return result.Passed ? ExitCodes.Success : ExitCodes.IsolationFindings;
    }
}
