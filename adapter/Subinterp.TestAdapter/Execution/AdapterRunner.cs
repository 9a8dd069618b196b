using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Session;
using Subinterp.TestAdapter.Mapping;
using Subinterp.TestAdapter.Settings;

namespace Subinterp.TestAdapter.Execution;

/// <summary>
/// The adapter's one runner, behind both VSTest and Microsoft.Testing.Platform: discovery lists
/// each source's modules through the runtime's session, execution runs them through it (a
/// selection through the session's test ids) and records what streams back. It maps; the session
/// plans, schedules, isolates and survives crashes.
/// </summary>
internal sealed class AdapterRunner(CancellationToken cancellation)
{
    public async Task DiscoverAsync(IEnumerable<string> sources, IDiscoveryContext context, IMessageLogger logger, ITestCaseDiscoverySink sink)
    {
        foreach (var source in sources)
        {
            await Guard(logger, source, null, async () =>
            {
                // An assembly without a manifest is not Subinterp's: nothing to say about it, not even about its filter.
                if (Load(source, context) is { } settings)
                {
                    var filter = TestCaseFilter.From(context);
                    foreach (var testCase in (await ListAsync(settings)).Where(filter.Matches))
                    {
                        sink.SendTestCase(testCase);
                    }
                }
            });
        }
    }

    /// <summary>Runs whole sources (`dotnet test`, "run all"), narrowed by the run's filter when there is one.</summary>
    public async Task RunAsync(IEnumerable<string> sources, IRunContext context, IFrameworkHandle handle)
    {
        foreach (var source in sources)
        {
            await Guard(handle, source, handle, async () =>
            {
                if (Load(source, context) is not { } settings)
                {
                    return;
                }
                var filter = TestCaseFilter.From(context);
                if (filter.IsEmpty)
                {
                    await ExecuteAsync(settings, null, handle);
                    return;
                }
                var selected = (await ListAsync(settings)).Where(filter.Matches).ToList();
                if (selected.Count > 0)
                {
                    await ExecuteAsync(settings, selected, handle);
                }
            });
        }
    }

    /// <summary>Runs the given test cases (the explorer's "run these"): only their modules start, and only those tests run.</summary>
    public async Task RunAsync(IEnumerable<TestCase> tests, IRunContext context, IFrameworkHandle handle)
    {
        foreach (var group in tests.GroupBy(test => test.Source, StringComparer.Ordinal))
        {
            await Guard(handle, group.Key, handle, async () =>
            {
                if (Load(group.Key, context) is { } settings)
                {
                    await ExecuteAsync(settings, group.ToList(), handle);
                }
            });
        }
    }

    /// <summary>Every test of every module, and each module's isolation case, as the session's listing has them.</summary>
    private async Task<List<TestCase>> ListAsync(AdapterSettings settings)
    {
        var cases = new List<TestCase>();
        foreach (var options in settings.RunOptions())
        {
            var listing = await TestSession.Open(options).ListAsync(cancellation);
            var traits = new RunTraits(listing.Engine, settings.ModeName, listing.Python.Version);
            foreach (var module in listing.Modules)
            {
                foreach (var test in module.Tests)
                {
                    var file = test.File is null ? module.FullPath : Path.Combine(module.Root, test.File);
                    cases.Add(TestCaseFactory.ForTest(settings.Source, module.Module, test.Id, file, test.Line, traits));
                }
                cases.Add(TestCaseFactory.ForIsolation(settings.Source, module.Module, module.FullPath, traits));
            }
        }
        return cases;
    }

    /// <param name="selected">null: everything; else only these cases are run and recorded.</param>
    private async Task ExecuteAsync(AdapterSettings settings, IReadOnlyList<TestCase>? selected, IFrameworkHandle handle)
    {
        var listed = (selected ?? []).ToDictionary(test => test.FullyQualifiedName, StringComparer.Ordinal);
        var wanted = selected is null ? null : listed.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var options in settings.RunOptions())
        {
            var runOptions = options;
            if (selected is not null)
            {
                var ids = Selection.TestIds(selected, settings.RunOptions().Count == 1 ? null : Selection.ModulesOf(options));
                if (ids.Count == 0)
                {
                    continue;
                }
                runOptions = options with { TestIds = ids };
            }
            var recorder = new ResultRecorder(handle, settings, listed, wanted, cancellation);
            await TestSession.Open(runOptions, recorder).RunAsync(cancellation);
        }
    }

    private static AdapterSettings? Load(string source, IDiscoveryContext context) => SettingsParser.Load(source, context.RunSettings?.SettingsXml);

    private static void RecordSetupFailure(IFrameworkHandle handle, string source, string problem) =>
        handle.RecordResult(new TestResult(TestCaseFactory.ForSetup(source))
        {
            Outcome = TestOutcome.Failed,
            ErrorMessage = $"Subinterp: {Path.GetFileName(source)}: {problem}",
            StartTime = DateTimeOffset.Now,
            EndTime = DateTimeOffset.Now,
        });

    /// <summary>
    /// A source that cannot run (a bad setting, no usable Python) is an error naming the problem and
    /// the fix (so is a filter on a property Subinterp's tests do not have), and in a run a failed
    /// <c>subinterp::setup</c> result with the same text; the other
    /// sources still run, and what already streamed stays recorded.
    /// </summary>
    private async Task Guard(IMessageLogger logger, string source, IFrameworkHandle? handle, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception error) when (error is RunSetupException or TestPlatformFormatException)
        {
            logger.SendMessage(TestMessageLevel.Error, $"Subinterp: {Path.GetFileName(source)}: {error.Message}");
            if (handle is not null)
            {
                RecordSetupFailure(handle, source, error.Message);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            logger.SendMessage(TestMessageLevel.Informational, $"Subinterp: {Path.GetFileName(source)}: cancelled");
        }
    }
}
