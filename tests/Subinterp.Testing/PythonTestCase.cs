using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Subinterp.Runtime.Locating;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Subinterp.Testing;

/// <summary>
/// One [PythonTheory] method on one CPython. The installation is not an xunit-serializable
/// value, so the case carries its executable path and version and resolves the installation
/// again when it runs: discovery and execution may happen in different processes (test
/// explorers), and an installation that changed in between must fail, not pass on another one.
/// </summary>
public sealed class PythonTestCase : XunitTestCase
{
    private string executable = "";
    private string versionText = "";
    private string versionLabel = "";

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PythonTestCase()
    {
    }

    /// <param name="versionLabel">What the display name shows: the version, plus the path when two installations share it.</param>
    public PythonTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        PythonInstallation python,
        string versionLabel)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments: null)
    {
        executable = python.Executable;
        versionText = python.VersionText;
        this.versionLabel = versionLabel;
    }

    public string PythonExecutable => executable;

    public string PythonVersion => versionText;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("PythonExecutable", executable);
        data.AddValue("PythonVersion", versionText);
        data.AddValue("PythonVersionLabel", versionLabel);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        // Before the base: it initializes the case (display name included) while deserializing.
        executable = data.GetValue<string>("PythonExecutable");
        versionText = data.GetValue<string>("PythonVersion");
        versionLabel = data.GetValue<string>("PythonVersionLabel");
        base.Deserialize(data);
    }

    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        object[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource)
    {
        object? argument = null;
        try
        {
            var python = InstalledPythons.Resolve(executable, versionText);
            argument = TakesVersionText ? python.VersionText : python;
        }
        catch (PythonLocatorException e)
        {
            // The aggregator's exception becomes this test's failure, with the locator's message.
            aggregator.Add(e);
        }
        return await new XunitTestCaseRunner(
            this, DisplayName, SkipReason, constructorArguments, [argument], messageBus, aggregator, cancellationTokenSource).RunAsync();
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        $"{displayName}({TestMethod.Method.GetParameters().First().Name}: {versionLabel})";

    /// <summary>
    /// The base ID hashes the method and its arguments; this case has no serializable
    /// arguments, so the interpreter is added to keep one ID per (method, Python).
    /// </summary>
    protected override string GetUniqueID()
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{base.GetUniqueID()}\0{executable}\0{versionText}"));
        return Convert.ToHexStringLower(bytes);
    }

    private bool TakesVersionText =>
        TestMethod.Method.GetParameters().First().ParameterType.Name == typeof(string).FullName;
}
