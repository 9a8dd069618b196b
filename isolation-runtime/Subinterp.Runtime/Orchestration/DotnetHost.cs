using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Orchestration;

/// <summary>Finds the `dotnet` muxer that runs the worker, and the worker assembly itself.</summary>
internal static class DotnetHost
{
    public const string WorkerAssembly = "Subinterp.Worker.dll";

    public static string Muxer()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : null,
            // The runtime in use lives in <root>/shared/Microsoft.NETCore.App/<version>/.
            Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet")),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root ? Path.Combine(root, "dotnet") : null,
        };
        return candidates.FirstOrDefault(path => path is not null && File.Exists(path)) ?? "dotnet";
    }

    /// <exception cref="RunSetupException">The worker is not deployed beside the runtime.</exception>
    public static string Worker()
    {
        var folders = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(DotnetHost).Assembly.Location) };
        foreach (var folder in folders.Where(f => !string.IsNullOrEmpty(f)))
        {
            var path = Path.Combine(folder!, WorkerAssembly);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new RunSetupException($"{WorkerAssembly} is missing beside {typeof(DotnetHost).Assembly.Location}: reinstall subinterp (the worker ships with it).");
    }
}
