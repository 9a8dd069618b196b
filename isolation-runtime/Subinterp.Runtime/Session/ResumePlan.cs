using Subinterp.Runtime.Journal;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runtime.Session;

/// <summary>
/// --resume: the interrupted run planned again from its journal's header (options, selected
/// modules and tests), with the results it already recorded, so only the rest runs.
/// </summary>
internal static class ResumePlan
{
    /// <param name="given">The caller's request: paths (if any) must match the journal's; its state folder says where the journal is.</param>
    /// <exception cref="RunSetupException">No journal, or the suite changed since.</exception>
    public static (RunPlan Plan, JournalContents Journal) Prepare(RunOptions given, Action<string> notice, PythonLocator? locator)
    {
        var journal = JournalContents.Read(given.StateDirectory);
        var header = journal.Header;
        var options = header.Options with { StateDirectory = given.StateDirectory, Resume = true };
        if (given.Paths.Count > 0 && !given.Paths.Select(Path.GetFullPath).Order(StringComparer.Ordinal).SequenceEqual(options.Paths.Order(StringComparer.Ordinal)))
        {
            throw new RunSetupException(
                $"--resume: the journal is for a run of {string.Join(" ", options.Paths)}; give the same paths (or none), or run without --resume.");
        }
        if (journal.Finished)
        {
            notice($"--resume: the run in {RunJournal.PathIn(given.StateDirectory)} had finished; nothing is run again");
        }
        var plan = RunPlanner.Plan(options, notice, locator);
        var planned = header.Modules.ToHashSet(StringComparer.Ordinal);
        var modules = plan.Modules.Where(m => planned.Contains(m.Key)).ToList();
        if (modules.Count != planned.Count)
        {
            throw new RunSetupException("--resume: the test modules changed since the interrupted run; run without --resume.");
        }
        var selected = header.Selected?.ToDictionary(entry => entry.Key, entry => (IReadOnlyList<string>)entry.Value, StringComparer.Ordinal);
        return (plan with { Modules = modules, Selected = selected, Shard = header.Shard }, journal);
    }
}
