using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A test that failed an assertion while other modules ran in the same worker may have asserted
/// on the process, which it shares with them: CPython's <c>test_os</c> fwalk tests compare the
/// lowest free descriptor number before and after, and failed with <c>AssertionError: 11 != 9</c>
/// in 3 of 18 runs of 3.14's test package, then "fail only in a subinterpreter", a finding that
/// came and went. So a module that ran beside others and has failed tests runs those tests again,
/// alone, in a fresh one-slot worker, before its result is final: a test that passes there takes
/// that outcome, its message saying how it failed beside whom; one that fails again stands as it
/// first failed (as CPython's own runner, <c>python -m test --rerun</c>, counts a test that passes
/// when re-run). Errors are not re-run: they are what a subinterpreter refuses (fork, signals,
/// daemon threads), the same alone; nor, under the pytest engine, a failed test that raised
/// something other than an assertion (<see cref="TestResult.Raised"/>), what unittest calls an
/// error: toolz's <c>test_has_version</c> raising <c>PackageNotFoundError</c> cost a fresh worker
/// and a pytest import in every run for a failure nothing beside it could cause. The first result
/// is shown provisionally meanwhile; when the run alone cannot happen it stands as seen.
/// <see cref="ResultLifecycle"/> decides when; this class what.
/// </summary>
internal sealed class FailedBesideRecheck
{
    private sealed record Pending(WorkItem Item, ModuleResult Seen, IReadOnlyCollection<string> Beside);

    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Modules whose failed tests were run again alone.</summary>
    public int Requested { get; private set; }

    public static bool Needed(ModuleRun run, ModuleResult result) =>
        run.Item.Purpose == WorkPurpose.Main && run.OverlappedWith.Count > 0
        && result.Crash is null && result.Timeout is null && result.Error is null
        && result.Tests.Any(Asserted);

    /// <summary>Failed an assertion: unittest's failures; under pytest, AssertionError or <c>pytest.fail</c>.</summary>
    private static bool Asserted(TestResult test) => test.Outcome == TestOutcome.Failed && test.Raised is null;

    /// <summary>The item that runs the failed tests alone.</summary>
    public WorkItem Begin(ModuleRun run, ModuleResult seen)
    {
        _pending[run.Item.Key] = new Pending(run.Item, seen, [.. run.OverlappedWith]);
        Requested++;
        return run.Item with
        {
            Purpose = WorkPurpose.RecheckAlone,
            Select = [.. seen.Tests.Where(Asserted).Select(test => test.Id)],
        };
    }

    public bool IsPending(WorkItem item) => _pending.ContainsKey(item.Key);

    /// <summary>
    /// The run alone is over: the result seen, with each failed test that passed alone taking that
    /// outcome; the result seen as it was when the run alone did not happen.
    /// </summary>
    public (WorkItem Item, ModuleResult Result) Resolve(WorkItem item, ModuleResult alone, Action<string> notice)
    {
        if (!_pending.Remove(item.Key, out var pending))
        {
            throw new InvalidOperationException($"no recheck is pending for {item.Module.Name} ({item.Mode.Name()})");
        }
        var beside = string.Join(", ", pending.Beside);
        if (alone.Error is { Kind: "not-run" } notRun)
        {
            notice($"{item.Module.Name}: its failed tests could not be run again alone ({notRun.Message}); they stand as they failed beside {beside}");
            return (pending.Item, pending.Seen);
        }
        var again = alone.Tests.GroupBy(test => test.Id, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Last(), StringComparer.Ordinal);
        var cleared = new List<string>();
        var tests = pending.Seen.Tests.Select(test =>
        {
            if (test.Outcome != TestOutcome.Failed || !again.TryGetValue(test.Id, out var rerun) || rerun.Outcome != TestOutcome.Passed)
            {
                return test;
            }
            cleared.Add(test.Id);
            return rerun with { Message = $"failed while {beside} ran in the same worker ({FirstLine(test.Message)}); passed when run again alone" };
        }).ToList();
        if (cleared.Count == 0)
        {
            return (pending.Item, pending.Seen);
        }
        notice($"{item.Module.Name}: {string.Join(", ", cleared)} failed only beside {beside} (passed when run again alone): it depends on what the process's interpreters share, or on timing");
        var result = pending.Seen with { Tests = tests };
        result.Verdict = VerdictRules.Decide(result);
        return (pending.Item, result);
    }

    private static string FirstLine(string? message) => message?.Split('\n', 2)[0] ?? "no message";
}
