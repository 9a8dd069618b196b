using System.Diagnostics;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>One run of the real `dotnet` CLI (build, test, pack), with its output kept for the assertion messages.</summary>
internal sealed record DotnetCommand(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    public static DotnetCommand Run(string workDir, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A PYTHONPATH of the caller's would leak packages into every interpreter under test.
        start.Environment.Remove("PYTHONPATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // No MSBuild nodes left behind by the tests' builds.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish; stdout so far:\n{stdout.Result}");
        }
        process.WaitForExit();
        return new DotnetCommand(start.ArgumentList.ToList(), process.ExitCode, stdout.Result, stderr.Result);
    }

    public string Describe() => $"dotnet {string.Join(' ', Arguments)}\nexit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public DotnetCommand Succeeded()
    {
        Assert.True(ExitCode == 0, Describe());
        return this;
    }
}
