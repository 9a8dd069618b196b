using System.Reflection;
using Microsoft.Testing.Extensions.VSTestBridge.Capabilities;
using Microsoft.Testing.Extensions.VSTestBridge.Helpers;
using Microsoft.Testing.Platform.Builder;
using Microsoft.Testing.Platform.Capabilities.TestFramework;

namespace Subinterp.TestAdapter.Platform;

/// <summary>
/// Called by the entry point Microsoft.Testing.Platform.MSBuild generates for a test project with
/// EnableSubinterpRunner (the TestingPlatformBuilderHook item in Subinterp.TestAdapter.props).
/// Registers the adapter with the run settings (`--settings`), `--filter` and TRX support the
/// VSTest bridge provides.
/// </summary>
public static class TestingPlatformBuilderHook
{
    public static void AddExtensions(ITestApplicationBuilder testApplicationBuilder, string[] arguments)
    {
        var extension = new SubinterpExtension();
        testApplicationBuilder.AddRunSettingsService(extension);
        testApplicationBuilder.AddTestCaseFilterService(extension);
        testApplicationBuilder.AddTestRunParametersService(extension);
        testApplicationBuilder.RegisterTestFramework(
            _ => new TestFrameworkCapabilities(new VSTestBridgeExtensionBaseCapabilities()),
            (capabilities, services) => new SubinterpBridgedTestFramework(extension, () => [Assembly.GetEntryAssembly()!], services, capabilities));
    }
}
