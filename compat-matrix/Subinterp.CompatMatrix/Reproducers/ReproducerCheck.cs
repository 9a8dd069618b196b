using Subinterp.CompatMatrix.Model;
using Subinterp.Runtime.Locating;

namespace Subinterp.CompatMatrix.Reproducers;

/// <summary>
/// Runs a reproducer with the Python it is for, in a plain process (no Subinterp), a few times,
/// and counts the runs that died by a signal: the matrix publishes a reproducer together with how
/// often it reproduced, never one that was not tried.
/// </summary>
public static class ReproducerCheck
{
    public const int Attempts = 3;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(ReproducerScript.WatchdogSeconds * 2);

    public static CellReproducer Run(string python, string script, string fileName, ReproducerPattern pattern, string folder)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, script);
        var reproduced = 0;
        var outcome = "not run";
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var output = PythonCommand.Run(python, [path], Timeout);
            if (output is null)
            {
                outcome = $"still running after {Timeout.TotalSeconds:0} s (stopped)";
                continue;
            }
            var (exit, stdout, stderr) = output.Value;
            if (Signal(exit) is { } signal)
            {
                reproduced++;
                outcome = $"killed by {signal} (exit status {exit}){FatalLine(stderr)}";
            }
            else if (exit == 1 && stderr.Contains("Timeout (", StringComparison.Ordinal))
            {
                outcome = $"no crash, but it hung: the script's {ReproducerScript.WatchdogSeconds} s watchdog fired (a deadlock; the stacks are on stderr)";
            }
            else
            {
                outcome = exit == 0 && stdout.Contains(ReproducerScript.NoCrash, StringComparison.Ordinal)
                    ? stdout.Trim().Split('\n')[^1]
                    : $"exit status {exit}: {stderr.Trim().Split('\n')[^1]}";
            }
        }
        return new CellReproducer($"{ReproducerFolder.Name}/{fileName}", pattern.ToString().ToLowerInvariant(), reproduced, Attempts, outcome) { Script = script };
    }

    /// <summary>.NET reports a child killed by signal N as exit status 128 + N.</summary>
    private static string? Signal(int exit) => exit switch
    {
        134 => "SIGABRT",
        135 => "SIGBUS",
        136 => "SIGFPE",
        137 => "SIGKILL",
        139 => "SIGSEGV",
        132 => "SIGILL",
        133 => "SIGTRAP",
        _ => null,
    };

    private static string FatalLine(string stderr) =>
        stderr.Split('\n').FirstOrDefault(l => l.StartsWith("Fatal Python error", StringComparison.Ordinal)) is { } fatal ? $"; {fatal.Trim()}" : "";
}

/// <summary>Where reproducers live in the matrix's folder.</summary>
public static class ReproducerFolder
{
    public const string Name = "reproducers";
}
