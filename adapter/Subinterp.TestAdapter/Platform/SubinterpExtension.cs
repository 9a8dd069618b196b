using System.Reflection;
using Microsoft.Testing.Platform.Extensions;

namespace Subinterp.TestAdapter.Platform;

/// <summary>How Microsoft.Testing.Platform names the adapter (`--info`, diagnostics).</summary>
internal sealed class SubinterpExtension : IExtension
{
    public string Uid => "Subinterp";

    public string DisplayName => "Subinterp";

    public string Version { get; } = typeof(SubinterpExtension).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    public string Description => "Runs Python test modules, each in a fresh isolated CPython subinterpreter.";

    public Task<bool> IsEnabledAsync() => Task.FromResult(true);
}
