using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;

namespace Subinterp.EndToEnd.Tests.Matrix;

/// <summary>The real `subinterp matrix` on one Python, shared by the tests that read the same run.</summary>
internal static class MatrixRun
{
    public static readonly string[] StdlibSlice = ["readline", "_datetime", "math", "xxsubtype", "xxlimited", "_ctypes"];

    public static readonly string[] SampleModules = ["_safe_counter", "_unsafe_counter", "_leaky_shared"];

    /// <summary>The sample extensions (built for this Python, on --path) and a slice of the stdlib, both modes.</summary>
    public static CliRun For(PythonInstallation python) => CachedRun.For(python, "matrix", () => CliRun.Start(
        ["matrix", "--python", python.Executable, "--modules", string.Join(',', SampleModules.Concat(StdlibSlice)),
         "--path", SampleExtensions.Folder(python, "unsafe-extension"), "--path", SampleExtensions.Folder(python, "leaky"),
         "--mode", "both", "-j", "2", "--out", "matrix"],
        timeout: TimeSpan.FromMinutes(10)));

    public static JsonObject Cell(JsonObject matrix, string module, string mode) =>
        Module(matrix, module)["cells"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string)c["mode"]! == mode);

    public static JsonObject Module(JsonObject matrix, string module) =>
        matrix["modules"]!.AsArray().Select(m => m!.AsObject()).SingleOrDefault(m => (string)m["module"]! == module)
        ?? throw new InvalidOperationException($"{module} is not in the matrix: {matrix.ToJsonString()[..Math.Min(2000, matrix.ToJsonString().Length)]}");
}
