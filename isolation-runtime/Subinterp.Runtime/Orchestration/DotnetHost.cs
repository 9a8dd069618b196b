using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// How the worker process is started: the one place that decides, for every front door (the CLI,
/// the test adapter). Preferred: the natively compiled worker (<see cref="NativeWorker"/>, Native
/// AOT: starts in milliseconds, no JIT) deployed beside the runtime; else the framework-dependent
/// <see cref="WorkerAssembly"/> run by the `dotnet` muxer, which works wherever .NET does.
/// <see cref="WorkerVariable"/> overrides the choice: "managed" forces the assembly, a path names an executable.
/// </summary>
public static class DotnetHost
{
    public const string WorkerAssembly = "Subinterp.Worker.dll";

    /// <summary>File name of the Native AOT worker; the build puts it beside the runtime where it can be compiled.</summary>
    public const string NativeWorker = "subinterp-worker";

    public const string WorkerVariable = "SUBINTERP_WORKER";

    /// <summary>The worker's executable and the arguments that come before the worker's own.</summary>
    public sealed record WorkerCommand(string FileName, IReadOnlyList<string> Arguments, bool Native);

    /// <exception cref="RunSetupException">No worker is deployed beside the runtime, or <see cref="WorkerVariable"/> names none.</exception>
    public static WorkerCommand Command()
    {
        var forced = Environment.GetEnvironmentVariable(WorkerVariable);
        if (forced is { Length: > 0 } && forced != "managed")
        {
            if (!File.Exists(forced))
            {
                throw new RunSetupException($"{WorkerVariable} is set to '{forced}', which does not exist: unset it, or set it to 'managed', to a worker executable or to a worker assembly (.dll).");
            }
            // An assembly is not executable: the muxer runs it, as it runs the one deployed beside the runtime.
            return forced.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? new WorkerCommand(Muxer(), [forced], false)
                : new WorkerCommand(forced, [], true);
        }
        if (forced != "managed" && Beside(NativeWorker) is { } native)
        {
            return new WorkerCommand(native, [], true);
        }
        return new WorkerCommand(Muxer(), [Worker()], false);
    }

    public static string Muxer()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : null,
            // The runtime in use lives in <root>/shared/Microsoft.NETCore.App/<version>/.
            RuntimeEnvironment.GetRuntimeDirectory() is { Length: > 0 } runtime
                ? Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "dotnet"))
                : null,
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root ? Path.Combine(root, "dotnet") : null,
        };
        return candidates.FirstOrDefault(path => path is not null && File.Exists(path)) ?? "dotnet";
    }

    /// <exception cref="RunSetupException">The worker is not deployed beside the runtime.</exception>
    public static string Worker() =>
        Beside(WorkerAssembly)
        ?? throw new RunSetupException($"{WorkerAssembly} is missing beside {string.Join(" and ", Folders())}: reinstall subinterp (the worker ships with it).");

    private static string? Beside(string fileName) =>
        Folders().Select(folder => Path.Combine(folder, fileName)).FirstOrDefault(File.Exists);

    // The application's folder (the CLI, natively compiled or not) and the runtime assembly's own
    // (a test adapter loaded from its package folder by a host that lives elsewhere).
    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Empty in a single-file or native app, where AppContext.BaseDirectory is the folder.")]
    private static IEnumerable<string> Folders() =>
        new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(DotnetHost).Assembly.Location) }
            .Where(folder => !string.IsNullOrEmpty(folder))
            .Select(folder => folder!)
            .Distinct(StringComparer.Ordinal);
}
