using Subinterp.Runtime.Journal;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runner.Commands;

/// <summary>
/// `subinterp run --resume`: plans the interrupted run again from its journal's header and hands
/// the orchestrator the results already recorded, so only the modules without one are run.
/// </summary>
internal static class ResumeRun
{
    /// <param name="given">Options from the command line: paths (if any) must match the journal's; the state folder says where the journal is.</param>
    /// <exception cref="RunSetupException">No journal, or the suite changed since.</exception>
    public static Orchestrator Prepare(RunOptions given, IRunObserver observer)
    {
        var journal = JournalContents.Read(given.StateDirectory);
        var options = journal.Header.Options with { StateDirectory = given.StateDirectory };
        if (given.Paths.Count > 0 && !given.Paths.Select(Path.GetFullPath).Order(StringComparer.Ordinal).SequenceEqual(options.Paths.Order(StringComparer.Ordinal)))
        {
            throw new RunSetupException(
                $"--resume: the journal is for a run of {string.Join(" ", options.Paths)}; give the same paths (or none), or run without --resume.");
        }
        var plan = RunPlanner.Plan(options, observer.Notice);
        if (!plan.Modules.Select(m => m.Key).Order(StringComparer.Ordinal).SequenceEqual(journal.Header.Modules.Order(StringComparer.Ordinal)))
        {
            throw new RunSetupException("--resume: the test modules changed since the interrupted run; run without --resume.");
        }
        return new Orchestrator(plan, observer, journal.Results);
    }
}
