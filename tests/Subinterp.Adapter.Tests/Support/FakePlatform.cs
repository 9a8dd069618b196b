using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace Subinterp.Adapter.Tests.Support;

/// <summary>
/// What VSTest's test host hands an adapter, recording everything the adapter reports: lets a test
/// drive the real adapter in this process (and look at this process afterwards).
/// </summary>
internal sealed class FakePlatform(string? runSettingsXml) : IRunContext, IFrameworkHandle, ITestCaseDiscoverySink, IRunSettings
{
    private readonly Lock _lock = new();

    public List<TestCase> Discovered { get; } = [];
    public List<TestCase> Started { get; } = [];
    public List<TestResult> Results { get; } = [];
    public List<(TestMessageLevel Level, string Message)> Messages { get; } = [];

    public IRunSettings? RunSettings => this;
    public string? SettingsXml => runSettingsXml;
    public bool KeepAlive => false;
    public bool InIsolation => false;
    public bool IsDataCollectionEnabled => false;
    public bool IsBeingDebugged => false;
    public string? TestRunDirectory => null;
    public string? SolutionDirectory => null;
    public bool EnableShutdownAfterTestRun { get; set; }

    public ITestCaseFilterExpression? GetTestCaseFilter(IEnumerable<string>? supportedProperties, Func<string, TestProperty?> propertyProvider) => null;

    public ISettingsProvider? GetSettings(string? settingsName) => null;

    public void SendTestCase(TestCase discoveredTest)
    {
        lock (_lock)
        {
            Discovered.Add(discoveredTest);
        }
    }

    public void RecordStart(TestCase testCase)
    {
        lock (_lock)
        {
            Started.Add(testCase);
        }
    }

    public void RecordResult(TestResult testResult)
    {
        lock (_lock)
        {
            Results.Add(testResult);
        }
    }

    public void RecordEnd(TestCase testCase, TestOutcome outcome)
    {
    }

    public void RecordAttachments(IList<AttachmentSet> attachmentSets)
    {
    }

    public void SendMessage(TestMessageLevel testMessageLevel, string message)
    {
        lock (_lock)
        {
            Messages.Add((testMessageLevel, message));
        }
    }

    public int LaunchProcessWithDebuggerAttached(string filePath, string? workingDirectory, string? arguments, IDictionary<string, string?>? environmentVariables) =>
        throw new NotSupportedException();
}
