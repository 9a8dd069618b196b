using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;
using Subinterp.TestAdapter.Execution;
using Subinterp.TestAdapter.Mapping;

namespace Subinterp.TestAdapter;

/// <summary>
/// The VSTest discoverer and executor. Sources are test assemblies with a Subinterp manifest
/// beside them (X.subinterp.json, written by the build) or plain .py test files; any other
/// assembly is not Subinterp's and yields nothing. The work is <see cref="AdapterRunner"/>'s.
/// </summary>
[FileExtension(".dll")]
[FileExtension(".exe")]
[FileExtension(".py")]
[DefaultExecutorUri(TestCaseFactory.ExecutorUri)]
[ExtensionUri(TestCaseFactory.ExecutorUri)]
public sealed class SubinterpTestAdapter : ITestDiscoverer, ITestExecutor
{
    private readonly CancellationTokenSource _cancellation = new();

    public void DiscoverTests(IEnumerable<string> sources, IDiscoveryContext discoveryContext, IMessageLogger logger, ITestCaseDiscoverySink discoverySink) =>
        new AdapterRunner(_cancellation.Token).DiscoverAsync(sources, discoveryContext, logger, discoverySink).GetAwaiter().GetResult();

    public void RunTests(IEnumerable<string>? sources, IRunContext? runContext, IFrameworkHandle? frameworkHandle) =>
        new AdapterRunner(_cancellation.Token).RunAsync(sources ?? [], runContext!, frameworkHandle!).GetAwaiter().GetResult();

    public void RunTests(IEnumerable<TestCase>? tests, IRunContext? runContext, IFrameworkHandle? frameworkHandle) =>
        new AdapterRunner(_cancellation.Token).RunAsync(tests ?? [], runContext!, frameworkHandle!).GetAwaiter().GetResult();

    /// <summary>Stops the workers at once; what already finished stays recorded.</summary>
    public void Cancel() => _cancellation.Cancel();
}
