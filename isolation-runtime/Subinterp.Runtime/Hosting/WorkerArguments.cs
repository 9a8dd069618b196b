using System.Globalization;

namespace Subinterp.Runtime.Hosting;

/// <summary>The worker's command line, written by the orchestrator and parsed by the worker.</summary>
public sealed record WorkerArguments(
    string SocketPath,
    string Library,
    string Executable,
    string PythonVersion,
    int Slots,
    string? FaultLogPath,
    IReadOnlyList<string>? Preload = null,
    bool KeepDefaultAllocator = false,
    IReadOnlyList<int>? Cores = null)
{
    public IReadOnlyList<string> ToCommandLine()
    {
        var args = new List<string>
        {
            "--socket", SocketPath, "--library", Library, "--executable", Executable,
            "--python-version", PythonVersion, "--slots", Slots.ToString(CultureInfo.InvariantCulture),
        };
        if (FaultLogPath is not null)
        {
            args.AddRange(["--fault-log", FaultLogPath]);
        }
        if (Preload is { Count: > 0 })
        {
            args.AddRange(["--preload", string.Join(',', Preload)]);
        }
        if (KeepDefaultAllocator)
        {
            args.AddRange(["--allocator", "default"]);
        }
        if (Cores is { Count: > 0 })
        {
            args.AddRange(["--cores", string.Join(',', Cores.Select(core => core.ToString(CultureInfo.InvariantCulture)))]);
        }
        return args;
    }

    /// <exception cref="ArgumentException">An option is missing or malformed.</exception>
    public static WorkerArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"unexpected worker argument '{args[i]}'");
            }
            values[args[i]] = args[++i];
        }
        string Require(string name) => values.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"the worker needs {name}; it is started by the subinterp orchestrator, not by hand");
        return new WorkerArguments(
            Require("--socket"), Require("--library"), Require("--executable"), Require("--python-version"),
            int.Parse(Require("--slots"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("--fault-log"),
            values.TryGetValue("--preload", out var preload) ? preload.Split(',', StringSplitOptions.RemoveEmptyEntries) : null,
            values.GetValueOrDefault("--allocator") == "default",
            values.TryGetValue("--cores", out var cores)
                ? cores.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(core => int.Parse(core, CultureInfo.InvariantCulture)).ToList()
                : null);
    }
}
