using System.Collections.Concurrent;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;
using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Session;
using Subinterp.TestAdapter.Mapping;
using Subinterp.TestAdapter.Settings;
using RuntimeOutcome = Subinterp.Runtime.Results.TestOutcome;

namespace Subinterp.TestAdapter.Execution;

/// <summary>
/// Records a session's results into VSTest as they stream: a test's start when it starts, and a
/// module's test results and isolation case when the session reports that module's final result
/// (the only one per module and mode; provisional ones wait for confirmation). A module with a
/// failure is first run again in a plain process (--compare-process, on by default): its results
/// are recorded when that comparison lands, each failure's message starting with
/// [subinterpreter-only] or [also-in-process], so the comparison paid for is shown. Only the
/// selected cases are recorded when the run is a selection.
/// </summary>
internal sealed class ResultRecorder(IFrameworkHandle handle, AdapterSettings settings, IReadOnlyDictionary<string, TestCase> listed,
    IReadOnlySet<string>? selected, CancellationToken cancellation) : ISessionObserver
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<(string Key, string Mode), DateTimeOffset> _starts = new();
    private readonly ConcurrentDictionary<(string Key, string Mode), DateTimeOffset> _ends = new();
    private readonly Dictionary<string, TestCase> _cases = new(listed, StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Mode), ModuleFinish> _awaitingComparison = [];
    private RunTraits _traits = new("", settings.ModeName, "");
    private bool _compares;

    public int Recorded { get; private set; }

    public void RunStarted(RunPlan plan)
    {
        _traits = new RunTraits(plan.Engine, settings.ModeName, plan.Python.VersionText);
        _compares = plan.Options.CompareProcess;
    }

    public void ModuleStarted(ModuleStart e)
    {
        _starts.TryAdd((e.Module.Key, e.Mode.Name()), DateTimeOffset.Now);
        if (Wanted(TestCaseFactory.IsolationName(e.Module.Name)) && e.Attempt == 1)
        {
            Record(handle => handle.RecordStart(IsolationCase(e.Module)));
        }
    }

    public void TestStarted(TestStart e)
    {
        _starts[(e.TestId, e.Mode.Name())] = DateTimeOffset.Now;
        if (Wanted(e.TestId))
        {
            Record(handle => handle.RecordStart(TestCase(e.Module, e.TestId, null, null)));
        }
    }

    public void TestFinished(TestFinish e) => _ends[(e.Test.Id, e.Mode.Name())] = DateTimeOffset.Now;

    public void ModuleFinished(ModuleFinish e)
    {
        if (!e.Final)
        {
            return;
        }
        if (_compares && Runtime.Results.ProcessComparison.Applies(e.Result))
        {
            // Recorded when its plain-process comparison lands, with the labels (or at the run's end, without).
            _awaitingComparison[(e.Module.Key, e.Mode.Name())] = e;
            return;
        }
        RecordModule(e);
    }

    public void ModuleCompared(ModuleComparison compared)
    {
        if (_awaitingComparison.Remove((compared.Module.Key, compared.Mode.Name()), out var finished))
        {
            RecordModule(finished with { Result = finished.Result.WithComparison(compared.Comparison) });
        }
    }

    public void RunFinished(Runtime.Results.RunReport report)
    {
        // Comparisons that did not land (cancelled, the process could not run): recorded as they are.
        foreach (var waiting in _awaitingComparison.Values.ToList())
        {
            RecordModule(waiting);
        }
        _awaitingComparison.Clear();
    }

    private void RecordModule(ModuleFinish e)
    {
        var now = DateTimeOffset.Now;
        var mode = e.Mode.Name();
        foreach (var test in e.Result.Tests.Where(test => Wanted(test.Id)))
        {
            var testCase = TestCase(e.Module, test.Id, test.File, test.Line);
            var end = _ends.TryGetValue((test.Id, mode), out var seen) ? seen : now;
            var start = _starts.TryGetValue((test.Id, mode), out var started) ? started : end - TimeSpan.FromMilliseconds(test.DurationMs);
            var result = ResultMapper.ForTest(testCase, test, e.Result, new Timing(start, end), settings.BothModes);
            Record(handle => Finish(handle, result, cancelledBeforeItRan: test.Outcome == RuntimeOutcome.NotRun));
        }
        if (Wanted(TestCaseFactory.IsolationName(e.Module.Name)))
        {
            var start = _starts.TryGetValue((e.Module.Key, mode), out var started) ? started : now - TimeSpan.FromMilliseconds(e.Result.DurationMs);
            var result = ResultMapper.ForIsolation(IsolationCase(e.Module), e.Result, new Timing(start, now), settings.BothModes);
            Record(handle => Finish(handle, result, cancelledBeforeItRan: e.Result.Interpreter is null));
        }
    }

    public void Notice(string message) => Record(handle => handle.SendMessage(TestMessageLevel.Informational, $"Subinterp: {message}"));

    /// <summary>A test the user cancelled before it ran is "not executed", not a failure of their code.</summary>
    private void Finish(IFrameworkHandle handle, TestResult result, bool cancelledBeforeItRan)
    {
        if (cancelledBeforeItRan && cancellation.IsCancellationRequested)
        {
            result.Outcome = TestOutcome.None;
            result.ErrorMessage = "not run: the run was cancelled";
            result.ErrorStackTrace = null;
        }
        handle.RecordResult(result);
        handle.RecordEnd(result.TestCase, result.Outcome);
        Recorded++;
    }

    private bool Wanted(string fullyQualifiedName) => selected is null || selected.Contains(fullyQualifiedName);

    private TestCase TestCase(TestModule module, string id, string? file, int? line)
    {
        lock (_lock)
        {
            if (!_cases.TryGetValue(id, out var testCase))
            {
                var path = file is null ? module.FullPath : Path.Combine(module.Root, file);
                _cases[id] = testCase = TestCaseFactory.ForTest(settings.Source, module.Name, id, path, line, _traits);
            }
            else if (testCase.LineNumber == 0 && line is { } known)
            {
                testCase.LineNumber = known;
            }
            return testCase;
        }
    }

    private TestCase IsolationCase(TestModule module)
    {
        var name = TestCaseFactory.IsolationName(module.Name);
        lock (_lock)
        {
            if (!_cases.TryGetValue(name, out var testCase))
            {
                _cases[name] = testCase = TestCaseFactory.ForIsolation(settings.Source, module.Name, module.FullPath, _traits);
            }
            return testCase;
        }
    }

    // The framework handle is not documented as thread-safe; slots report from their own threads.
    private void Record(Action<IFrameworkHandle> action)
    {
        lock (_lock)
        {
            action(handle);
        }
    }
}
