namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// The orchestrator's own view of --timeout and --test-timeout. The driver's watchdog reports an
/// overrun first, with stacks; this is the backstop for an interpreter that cannot run it (the GIL
/// held in C code), a little later, and the only enforcer of the default module limit
/// (<see cref="RunOptions.DefaultModuleTimeoutSeconds"/>). The refusal canary has a deadline of
/// its own (<see cref="RefusalCanary.Limit"/>): it is the orchestrator's probe, not the module.
/// </summary>
internal static class Deadlines
{
    public static readonly TimeSpan Backstop = TimeSpan.FromSeconds(2);

    public const string Module = "module";
    public const string Test = "test";
    public const string Canary = "canary";

    /// <param name="Kind"><see cref="Module"/>, <see cref="Test"/> or <see cref="Canary"/>.</param>
    /// <param name="Test">The test running when the deadline passed: the one blamed, whatever the
    /// worker reports while it is being stopped (<see cref="ModuleRun.TimedOut"/>).</param>
    public sealed record Expiry(ModuleRun Run, string Kind, double LimitSeconds, string? Test);

    public static DateTimeOffset? Next(IEnumerable<ModuleRun> runs, RunOptions options)
    {
        DateTimeOffset? earliest = null;
        foreach (var run in runs)
        {
            foreach (var (due, _, _) in DueTimes(run, options))
            {
                earliest = earliest is { } current && current < due ? current : due;
            }
        }
        return earliest;
    }

    public static IReadOnlyList<Expiry> Expired(IEnumerable<ModuleRun> runs, RunOptions options, DateTimeOffset now) =>
        runs.SelectMany(run => DueTimes(run, options).Where(d => now >= d.Due).Take(1).Select(d => new Expiry(run, d.Kind, d.Limit, run.CurrentTest)))
            .ToList();

    /// <summary>Why the orchestrator, not the interpreter, took the stacks of an overrun.</summary>
    public static string WhyNoStacks(Expiry expiry, RunOptions options) =>
        expiry.Kind == Module && options.ModuleTimeoutSeconds is null
            ? "the default limit is enforced from outside the interpreter, which runs no watchdog thread (give --timeout for its Python stacks)"
            : "the interpreter's watchdog thread did not report in time (test code holding the GIL in C?)";

    private static IEnumerable<(DateTimeOffset Due, string Kind, double Limit)> DueTimes(ModuleRun run, RunOptions options)
    {
        if (run.Phase == RunPhase.Canary && run.CanarySentAt is { } sent)
        {
            yield return (sent + RefusalCanary.Limit, Canary, RefusalCanary.Limit.TotalSeconds);
        }
        if (run.Phase is RunPhase.Canary or RunPhase.Done)
        {
            yield break; // the module itself is over
        }
        if (options.TestTimeoutSeconds is { } testLimit && run.CurrentTestStartedAt is { } testStart)
        {
            yield return (testStart.AddSeconds(testLimit) + Backstop, Test, testLimit);
        }
        // With --repeat-lifecycles, --timeout covers each lifecycle of the module. Without one, the
        // unattended default is enforced here alone: the driver runs no watchdog for it.
        if ((options.ModuleTimeoutSeconds ?? options.DefaultModuleTimeoutSeconds) * Math.Max(1, options.RepeatLifecycles) is { } moduleLimit)
        {
            yield return (run.StartedAt.AddSeconds(moduleLimit) + Backstop, Module, moduleLimit);
        }
    }
}
