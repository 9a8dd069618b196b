using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Honest attribution of process-level leaks. A slot compares the process before and after its
/// module, but the process is shared, and the worker attributes what it can by itself (see
/// Leaks/ProcessLeakMonitor): a change only the module's interpreter was seen making, one that
/// appeared while it ran alone, one that went away with a neighbour. What is left is contested: a
/// change the module and a neighbour both saw appear, and that stayed. Such a module's result is
/// shown provisionally and the module is re-run alone, in a fresh one-slot worker of its own (a process of its own, so nobody
/// else's change can show up), as soon as a core is free; that run's result is the final one. When
/// the re-run cannot happen because the run is out of worker restarts, what was seen stands, saying
/// it was not confirmed; when the run was cancelled, those changes are left unjudged (a notice
/// names them). Shared objects are structural and need no confirmation.
/// </summary>
internal sealed class LeakConfirmation(ResultPublisher publisher)
{
    private readonly Dictionary<string, (WorkItem Item, List<LeakFinding> Seen, HashSet<string> Beside)> _pending = new(StringComparer.Ordinal);

    /// <summary>Modules re-run alone to confirm a process change (the report's leakConfirmations).</summary>
    public int Requested { get; private set; }

    public static void NoteOverlap(ModuleRun started, IEnumerable<ModuleRun> inFlight)
    {
        foreach (var other in inFlight)
        {
            other.OverlappedWith.Add(started.Module.Name);
            started.OverlappedWith.Add(other.Module.Name);
        }
    }

    /// <summary>True when the result is shown provisionally and <paramref name="confirm"/> must run alone.</summary>
    public bool Defer(ModuleRun run, ModuleResult result, out WorkItem confirm)
    {
        confirm = run.Item.Again(WorkPurpose.LeakConfirmation);
        var unconfirmed = run.ContestedLeaks;
        if (run.Item.Purpose != WorkPurpose.Main || unconfirmed.Count == 0 || result.Crash is not null)
        {
            return false;
        }
        _pending[run.Item.Key] = (run.Item, [.. unconfirmed], run.OverlappedWith);
        Requested++;
        publisher.Provisional(run.Item, result, run.Position);
        return true;
    }

    public static string Describe(ModuleRun run) =>
        $"process changes ({string.Join(", ", run.ContestedLeaks.Select(l => l.Kind).Distinct())}) that {string.Join(", ", run.OverlappedWith)}, running in the same worker, saw appear too";

    /// <summary>The re-run alone is over: its result is final, unless it could not run at all.</summary>
    public void Resolve(WorkItem item, ModuleResult alone, int slot)
    {
        if (!_pending.Remove(item.Key, out var pending))
        {
            publisher.Publish(item, alone, slot);
            return;
        }
        if (alone.Error is { Kind: "not-run" } notRun && publisher.ProvisionalOf(item) is { } seen)
        {
            Stand(pending.Item, seen, pending.Beside, pending.Seen, notRun.Message);
            return;
        }
        // By kind: a re-run shows the same change with another thread id, fd number or temp name.
        var cleared = pending.Seen.Where(leak => !alone.Leaks.Any(again => again.Kind == leak.Kind)).ToList();
        if (cleared.Count > 0)
        {
            publisher.Observer.Notice($"{item.Module.Name}: not reproduced alone, so not blamed: {string.Join("; ", cleared.Select(l => $"{l.Kind}: {l.Detail}"))}");
        }
        publisher.Publish(item, alone, slot);
    }

    /// <summary>The confirmation will not happen: the result seen alongside others becomes final, saying so.</summary>
    public void Stand(WorkItem item, ModuleResult seen, string why)
    {
        var known = _pending.Remove(item.Key, out var pending);
        Stand(item, seen, known ? pending.Beside : [], known ? pending.Seen : [], why);
    }

    /// <summary>
    /// The run was cancelled before the module could run alone: the changes only that run could
    /// tell apart are nobody's finding (the neighbour may as well have made them); they are left
    /// unjudged and the notice says so. What the module was seen doing by itself stands.
    /// </summary>
    public void LeaveUnjudged(WorkItem item, ModuleResult seen, string why)
    {
        var contested = _pending.Remove(item.Key, out var pending) ? pending.Seen : [];
        var unjudged = seen.Leaks.Where(contested.Contains).ToList();
        if (unjudged.Count > 0)
        {
            seen.Leaks.RemoveAll(contested.Contains);
            seen.Verdict = VerdictRules.Decide(seen);
            publisher.Observer.Notice($"{item.Module.Name}: left unjudged, {why} before it could run alone to tell whose they were " +
                $"(seen while {string.Join(", ", pending.Beside)} ran in the same worker): {string.Join("; ", unjudged.Select(l => $"{l.Kind}: {l.Detail}"))}");
        }
        publisher.Publish(item, seen, -1);
    }

    /// <summary>Every confirmation still pending stands as seen.</summary>
    public void StandUnconfirmed(string why)
    {
        foreach (var (key, pending) in _pending.ToList())
        {
            if (publisher.ProvisionalOf(pending.Item) is { } seen)
            {
                _pending.Remove(key);
                Stand(pending.Item, seen, pending.Beside, pending.Seen, why);
            }
        }
    }

    private void Stand(WorkItem item, ModuleResult seen, IEnumerable<string> beside, IReadOnlyCollection<LeakFinding> contested, string why)
    {
        var note = $" (seen while {string.Join(", ", beside)} ran in the same worker; not confirmed alone: {why.Replace("not run: ", "", StringComparison.Ordinal)})";
        for (var i = 0; i < seen.Leaks.Count; i++)
        {
            if (contested.Contains(seen.Leaks[i]))
            {
                seen.Leaks[i] = seen.Leaks[i] with { Detail = seen.Leaks[i].Detail + note };
            }
        }
        publisher.Observer.Notice($"{item.Module.Name}: could not be re-run alone to confirm its process changes ({why}); they stand as seen");
        publisher.Publish(item, seen, -1);
    }
}
