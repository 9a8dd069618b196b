using System.Diagnostics.CodeAnalysis;

namespace Subinterp.Runtime.Interop;

/// <summary>
/// Whether this process runs on CoreCLR (JIT: the managed worker, which <c>dotnet test</c> starts)
/// or was compiled ahead of time (the native worker). <c>RuntimeFeature.IsDynamicCodeSupported</c>
/// cannot tell them apart here: the worker's project sets <c>PublishAot</c>, and the SDK then writes
/// <c>IsDynamicCodeSupported: false</c> into the managed build's runtimeconfig.json too.
/// </summary>
internal static class ManagedRuntime
{
    public static bool IsCoreClr { get; } = LoadsAssemblyFiles();

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Empty under Native AOT: that is what this tells.")]
    private static bool LoadsAssemblyFiles() => typeof(object).Assembly.Location.Length > 0;
}
