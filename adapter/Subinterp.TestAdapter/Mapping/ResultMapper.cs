using System.Text;
using Subinterp.Runtime;
using Subinterp.Runtime.Results;
using VsTestCase = Microsoft.VisualStudio.TestPlatform.ObjectModel.TestCase;
using VsTestOutcome = Microsoft.VisualStudio.TestPlatform.ObjectModel.TestOutcome;
using VsTestResult = Microsoft.VisualStudio.TestPlatform.ObjectModel.TestResult;
using VsTestResultMessage = Microsoft.VisualStudio.TestPlatform.ObjectModel.TestResultMessage;

namespace Subinterp.TestAdapter.Mapping;

/// <summary>When a test (or a module) started and ended, as the adapter saw the events arrive.</summary>
internal readonly record struct Timing(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Maps the runtime's results onto VSTest results. xfail passes (with a message), xpass fails,
/// skipped carries its reason; crashed, timed-out and not-run fail with the signal, the culprit
/// test and the traceback. Captured output goes into the result's messages, bounded.
/// </summary>
internal static class ResultMapper
{
    /// <summary>Characters of stdout, and of stderr, kept per result: beyond it the explorer and TRX files get unwieldy.</summary>
    public const int MaxOutputChars = 64 * 1024;

    /// <param name="bothModes">The run has every module in both modes: the result's name says which.</param>
    public static VsTestResult ForTest(VsTestCase testCase, TestResult test, ModuleResult module, Timing timing, bool bothModes)
    {
        var result = Create(testCase, module, timing, TimeSpan.FromMilliseconds(test.DurationMs), bothModes);
        switch (test.Outcome)
        {
            case TestOutcome.Passed:
                result.Outcome = VsTestOutcome.Passed;
                break;
            case TestOutcome.Xfail:
                result.Outcome = VsTestOutcome.Passed;
                AddInfo(result, "xfail: failed as expected" + (test.Message is { Length: > 0 } reason ? $" ({reason})" : ""));
                break;
            case TestOutcome.Skipped:
                result.Outcome = VsTestOutcome.Skipped;
                result.ErrorMessage = test.Message ?? "skipped";
                break;
            case TestOutcome.Xpass:
                result.Outcome = VsTestOutcome.Failed;
                result.ErrorMessage = "xpass: passed, but was expected to fail" + (test.Message is { Length: > 0 } why ? $" ({why})" : "");
                break;
            case TestOutcome.Crashed or TestOutcome.TimedOut or TestOutcome.NotRun:
                result.Outcome = VsTestOutcome.Failed;
                result.ErrorMessage = Lost(test, module);
                result.ErrorStackTrace = LostDetail(module);
                break;
            default:
                result.Outcome = VsTestOutcome.Failed;
                result.ErrorMessage = $"{ResultNames.Of(test.Outcome)}: {test.Message}";
                result.ErrorStackTrace = test.Traceback;
                break;
        }
        if (test.Comparison is { } label && result.Outcome == VsTestOutcome.Failed)
        {
            // As the JUnit report says it: did it fail only in a subinterpreter, or in a plain process too?
            result.ErrorMessage = $"[{label}] {result.ErrorMessage}";
        }
        foreach (var subtest in test.Subtests ?? [])
        {
            AddInfo(result, $"subtest {subtest.Description}: {ResultNames.Of(subtest.Outcome)}" + (subtest.Message is { Length: > 0 } m ? $": {m}" : "")
                + (VerdictRules.IsFailure(subtest.Outcome) && subtest.Traceback is { Length: > 0 } tb ? "\n" + tb : ""));
        }
        AddOutput(result, VsTestResultMessage.StandardOutCategory, test.Stdout);
        AddOutput(result, VsTestResultMessage.StandardErrorCategory, test.Stderr);
        return result;
    }

    /// <summary>The module's isolation case: failed for crashed, timed-out, error, unsafe and leaked, with the finding's title and detail.</summary>
    public static VsTestResult ForIsolation(VsTestCase testCase, ModuleResult module, Timing timing, bool bothModes)
    {
        var result = Create(testCase, module, timing, TimeSpan.FromMilliseconds(module.DurationMs), bothModes);
        var findings = ModuleFindings.Of(module);
        var failed = module.Verdict is Verdict.Crashed or Verdict.TimedOut or Verdict.Error or Verdict.Unsafe or Verdict.Leaked;
        result.Outcome = VsTestOutcome.Passed;
        if (failed)
        {
            // The runtime's one wording of findings, as the console and the JUnit report say them.
            var failing = findings.Where(finding => !finding.IsInformation).ToList();
            result.Outcome = VsTestOutcome.Failed;
            result.ErrorMessage = failing.Count == 0 ? ResultNames.Of(module.Verdict) : string.Join("; ", failing.Select(finding => finding.Sentence(module.Module)));
            result.ErrorStackTrace = Evidence(failing);
        }
        // Information findings (an extension that loaded only because the GIL is shared) never fail.
        foreach (var finding in findings.Where(finding => finding.IsInformation))
        {
            AddInfo(result, finding.Sentence(module.Module));
        }
        AddInfo(result, $"verdict: {ResultNames.Of(module.Verdict)}; {Proof(module)}");
        if (module.Comparison is { } comparison)
        {
            AddInfo(result, $"in a plain process ({comparison.Label}): {ResultNames.Of(comparison.Verdict)}" + (comparison.Module is { } what ? $"; {what}" : ""));
        }
        return result;
    }

    private static string? Evidence(IEnumerable<ModuleFinding> findings)
    {
        var evidence = string.Join("\n\n", findings.Select(finding => finding.Evidence).Where(text => !string.IsNullOrEmpty(text)));
        return evidence.Length == 0 ? null : evidence;
    }

    /// <summary>What a lost test says: its outcome, how the worker ended, and which test was running.</summary>
    private static string Lost(TestResult test, ModuleResult module)
    {
        var outcome = ResultNames.Of(test.Outcome);
        var message = test.Message ?? outcome;
        var text = new StringBuilder(message.Replace('-', ' ').StartsWith(outcome.Replace('-', ' '), StringComparison.OrdinalIgnoreCase) ? message : $"{outcome}: {message}");
        if (module.Crash is { } crash)
        {
            var how = crash.Signal ?? CultureInfo($"exit code {crash.ExitCode}");
            if (!message.Contains(how, StringComparison.Ordinal))
            {
                text.Append($" ({how})");
            }
            if (crash.Test is { } culprit && culprit != test.Id)
            {
                text.Append($"; the crash was in {culprit}");
            }
        }
        else if (module.Timeout is { } timeout && timeout.Test is { } running && running != test.Id)
        {
            text.Append($"; the time limit was reached in {running}");
        }
        return text.ToString();
    }

    private static string? LostDetail(ModuleResult module)
    {
        var parts = module.Crash is { } crash ? new[] { crash.Traceback, crash.StderrTail } : [module.Timeout?.Stacks];
        var detail = string.Join("\n\n", parts.Where(p => !string.IsNullOrEmpty(p)));
        return detail.Length == 0 ? null : detail;
    }

    private static string Proof(ModuleResult module) => module.Interpreter is { } interpreter
        ? CultureInfo($"{module.Mode.Name()} interpreter {interpreter.Id} on slot {interpreter.Slot}, cpu {interpreter.Cpu}, worker pid {interpreter.WorkerPid}; created in {interpreter.CreateMs:0.0} ms")
        : $"{module.Mode.Name()} mode; no interpreter ran it to the end";

    private static VsTestResult Create(VsTestCase testCase, ModuleResult module, Timing timing, TimeSpan duration, bool bothModes) => new(testCase)
    {
        DisplayName = bothModes ? $"{testCase.DisplayName} [{module.Mode.Name()}]" : testCase.DisplayName,
        StartTime = timing.Start,
        EndTime = timing.End,
        Duration = duration,
        ComputerName = Environment.MachineName,
    };

    // Debug-trace, not additional-info: the testing platform's VSTest bridge accepts only standard
    // output, standard error and debug trace messages when it writes a TRX report.
    private static void AddInfo(VsTestResult result, string text) =>
        result.Messages.Add(new VsTestResultMessage(VsTestResultMessage.DebugTraceCategory, text + "\n"));

    private static void AddOutput(VsTestResult result, string category, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        if (text.Length > MaxOutputChars)
        {
            text = text[..MaxOutputChars] + $"\n[Subinterp: {text.Length - MaxOutputChars} more characters not shown]\n";
        }
        result.Messages.Add(new VsTestResultMessage(category, text));
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
