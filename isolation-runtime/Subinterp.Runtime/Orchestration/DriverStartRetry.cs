using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A module whose driver failed to start (Driver/bootstrap.py: a <c>module-error</c> of kind
/// <see cref="ErrorKind"/>) never ran a line of its own code, so what went wrong is not its doing:
/// the process is shared, and a neighbour's test that closes descriptor numbers it does not own
/// (CPython's test_io does) can close one the starting driver is reading, which made
/// test_kqueue end <c>error</c> with <c>OSError(9, 'Bad file descriptor')</c> in 1 of 14 runs of
/// 3.14's test package, then "fails only in a subinterpreter". Such a module runs once more, alone,
/// in a fresh one-slot worker, and that run's result is the final one; a notice keeps what the
/// first attempt said. When the second run cannot happen (cancelled, out of restarts), the first
/// attempt's error stands, saying so. <see cref="ResultLifecycle"/> decides when; this class what.
/// </summary>
internal sealed class DriverStartRetry
{
    /// <summary>The module-error kind of a driver that failed before the module's code ran.</summary>
    public const string ErrorKind = "driver-start";

    private sealed record Pending(WorkItem Item, ModuleResult First, IReadOnlyCollection<string> Beside);

    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Only the plan's run is tried again: a second failure is the module's result.</summary>
    public static bool Needed(ModuleRun run, ModuleResult result) =>
        run.Item.Purpose == WorkPurpose.Main && result.Error is { Kind: ErrorKind } && result.Crash is null && result.Timeout is null;

    public void Begin(ModuleRun run, ModuleResult first) =>
        _pending[run.Item.Key] = new Pending(run.Item, first, [.. run.OverlappedWith]);

    public bool IsPending(WorkItem item) => _pending.ContainsKey(item.Key);

    public static string Describe(ModuleRun run, ModuleResult first) =>
        $"its driver failed to start ({first.Error!.Message.Split('\n', 2)[0]}){Beside(run.OverlappedWith)}";

    private static string Beside(IReadOnlyCollection<string> neighbours) =>
        neighbours.Count > 0 ? $" while {string.Join(", ", neighbours)} ran in the same worker" : "";

    /// <summary>The second run is over: its result, or the first attempt's error when it did not run at all.</summary>
    public ModuleResult Resolve(WorkItem item, ModuleResult again)
    {
        if (!_pending.Remove(item.Key, out var pending))
        {
            return again;
        }
        if (again.Error is not { Kind: "not-run" } notRun)
        {
            return again;
        }
        var stood = pending.First with
        {
            Error = pending.First.Error! with { Message = $"{pending.First.Error.Message} (seen{Beside(pending.Beside)}; it could not be run again alone: {notRun.Message.Replace("not run: ", "", StringComparison.Ordinal)})" },
        };
        stood.Verdict = VerdictRules.Decide(stood);
        return stood;
    }
}
