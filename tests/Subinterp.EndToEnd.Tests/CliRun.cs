using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Subinterp.EndToEnd.Tests;

/// <summary>The real `subinterp` CLI, run as a process from the test's output folder.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr, string WorkDir)
{
    public static CliRun Start(IEnumerable<string> args, string? workDir = null, TimeSpan? timeout = null, IDictionary<string, string?>? environment = null)
    {
        workDir ??= Directory.CreateTempSubdirectory("subinterp-e2e-").FullName;
        using var process = Launch(args, workDir, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"subinterp {string.Join(' ', args)} did not finish; stdout so far:\n{stdout.Result}");
        }
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result, workDir);
    }

    /// <summary>Starts the CLI and returns at once (stdout and stderr redirected, stdin closed); the caller owns the process.</summary>
    public static Process Launch(IEnumerable<string> args, string workDir, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "subinterp.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CI"] = "true";
        // A PYTHONPATH of the caller's would leak packages (pytest) into every interpreter under test.
        start.Environment.Remove("PYTHONPATH");
        // In GitHub Actions, runs under test would annotate the real job and append to its summary;
        // the tests of that output set these themselves.
        start.Environment.Remove("GITHUB_ACTIONS");
        start.Environment.Remove("GITHUB_STEP_SUMMARY");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    public string Describe() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public JsonObject ReadJson(string relativePath) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(WorkDir, relativePath)))!.AsObject();
}
