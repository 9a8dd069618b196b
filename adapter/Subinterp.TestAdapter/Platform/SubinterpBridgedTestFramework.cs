using System.Reflection;
using Microsoft.Testing.Extensions.VSTestBridge;
using Microsoft.Testing.Extensions.VSTestBridge.Requests;
using Microsoft.Testing.Platform.Capabilities.TestFramework;
using Microsoft.Testing.Platform.Extensions.Messages;
using Microsoft.Testing.Platform.Messages;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Subinterp.TestAdapter.Mapping;
using Subinterp.TestAdapter.Execution;

namespace Subinterp.TestAdapter.Platform;

/// <summary>
/// The adapter as a Microsoft.Testing.Platform test framework: the VSTest bridge hands over the
/// same discovery and run requests VSTest would, and <see cref="AdapterRunner"/> serves both.
/// </summary>
internal sealed class SubinterpBridgedTestFramework(
    SubinterpExtension extension, Func<IEnumerable<Assembly>> getTestAssemblies, IServiceProvider serviceProvider, ITestFrameworkCapabilities capabilities)
    : SynchronizedSingleSessionVSTestBridgedTestFramework(extension, getTestAssemblies, serviceProvider, capabilities)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> AssemblyNames = new(StringComparer.Ordinal);

    // Test node uids are the Python test ids: a "run these" request by uid becomes a selection of those ids.
    protected override bool UseFullyQualifiedNameAsTestNodeUid => true;

    /// <summary>
    /// Names the Python module and class as the test's type, so the platform's TRX report and the
    /// IDE group by them (the bridge would otherwise parse the type out of the fully qualified
    /// name, which `module::isolation` of a top-level module does not have).
    /// </summary>
    protected override void AddAdditionalProperties(TestNode testNode, TestCase testCase)
    {
        var type = testCase.GetPropertyValue<string>(SubinterpProperties.ManagedType, null);
        var method = testCase.GetPropertyValue<string>(SubinterpProperties.ManagedMethod, null);
        if (type is null || method is null)
        {
            return;
        }
        var dot = type.LastIndexOf('.');
        testNode.Properties.Add(new TestMethodIdentifierProperty(
            AssemblyNames.GetOrAdd(testCase.Source, source => AssemblyName.GetAssemblyName(source).FullName),
            dot < 0 ? "" : type[..dot],
            dot < 0 ? type : type[(dot + 1)..],
            method,
            methodArity: 0,
            parameterTypeFullNames: [],
            returnTypeFullName: "System.Void"));
    }

    protected override Task SynchronizedDiscoverTestsAsync(VSTestDiscoverTestExecutionRequest request, IMessageBus messageBus, CancellationToken cancellationToken) =>
        new AdapterRunner(cancellationToken).DiscoverAsync(request.AssemblyPaths, request.DiscoveryContext, request.MessageLogger, request.DiscoverySink);

    protected override Task SynchronizedRunTestsAsync(VSTestRunTestExecutionRequest request, IMessageBus messageBus, CancellationToken cancellationToken) =>
        new AdapterRunner(cancellationToken).RunAsync(request.AssemblyPaths, request.RunContext, request.FrameworkHandle);
}
