using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Honest attribution of process-level leaks. A slot compares the process before and after its
/// module, but the process is shared, and the worker attributes what it can by itself (see
/// Leaks/ProcessLeakMonitor): a change only the module's interpreter was seen making, one that
/// appeared while it ran alone, one that went away with a neighbour. What is left is contested: a
/// change the module and a neighbour both saw appear, and that stayed. Such a module's result is
/// shown provisionally and the module is re-run alone, in a fresh one-slot worker of its own (a
/// process of its own, so nobody else's change can show up), as soon as a core is free; that run's
/// result is the final one. When the re-run cannot happen because the run is out of worker
/// restarts, what was seen stands, saying it was not confirmed; when the run was cancelled, those
/// changes are left unjudged (a notice names them). Shared objects are structural and need no
/// confirmation. <see cref="ResultLifecycle"/> decides when; this class decides what.
/// </summary>
internal sealed class LeakConfirmation
{
    private sealed record Pending(WorkItem Item, ModuleResult Seen, IReadOnlyList<LeakFinding> Contested, IReadOnlyCollection<string> Beside);

    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

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

    /// <summary>True when only a run alone can say whose the module's process changes are.</summary>
    public static bool Needed(ModuleRun run, ModuleResult result) =>
        run.Item.Purpose == WorkPurpose.Main && run.ContestedLeaks.Count > 0 && result.Crash is null;

    /// <summary>The result seen beside others waits for the run alone.</summary>
    public void Begin(ModuleRun run, ModuleResult seen)
    {
        _pending[run.Item.Key] = new Pending(run.Item, seen, [.. run.ContestedLeaks], [.. run.OverlappedWith]);
        Requested++;
    }

    public bool IsPending(WorkItem item) => _pending.ContainsKey(item.Key);

    /// <summary>The items whose confirmation has not happened.</summary>
    public IReadOnlyList<WorkItem> PendingItems => [.. _pending.Values.Select(pending => pending.Item)];

    public static string Describe(ModuleRun run) =>
        $"process changes ({string.Join(", ", run.ContestedLeaks.Select(l => l.Kind).Distinct())}) that {string.Join(", ", run.OverlappedWith)}, running in the same worker, saw appear too";

    /// <summary>The re-run alone is over: the final result, and the notice that says which changes it cleared.</summary>
    /// <returns>Null when the re-run could not run at all: the result seen must stand (<see cref="Stand"/>).</returns>
    public ModuleResult? Resolve(WorkItem item, ModuleResult alone, Action<string> notice)
    {
        if (!_pending.TryGetValue(item.Key, out var pending))
        {
            return alone;
        }
        if (alone.Error is { Kind: "not-run" })
        {
            return null;
        }
        _pending.Remove(item.Key);
        // By kind: a re-run shows the same change with another thread id, fd number or temp name.
        var cleared = pending.Contested.Where(leak => !alone.Leaks.Any(again => again.Kind == leak.Kind)).ToList();
        if (cleared.Count > 0)
        {
            notice($"{item.Module.Name}: not reproduced alone, so not blamed: {string.Join("; ", cleared.Select(l => $"{l.Kind}: {l.Detail}"))}");
        }
        return alone;
    }

    /// <summary>
    /// The confirmation will not happen: the result seen alongside others, as a new result whose
    /// contested changes say so (the one shown provisionally is never changed).
    /// </summary>
    /// <returns>The item as the plan has it, and the result to publish.</returns>
    public (WorkItem Item, ModuleResult Result) Stand(WorkItem item, string why, Action<string> notice)
    {
        if (!_pending.Remove(item.Key, out var pending))
        {
            throw new InvalidOperationException($"no confirmation is pending for {item.Module.Name} ({item.Mode.Name()})");
        }
        var note = $" (seen while {string.Join(", ", pending.Beside)} ran in the same worker; not confirmed alone: {why.Replace("not run: ", "", StringComparison.Ordinal)})";
        notice($"{item.Module.Name}: could not be re-run alone to confirm its process changes ({why}); they stand as seen");
        return (pending.Item, pending.Seen with
        {
            Leaks = [.. pending.Seen.Leaks.Select(leak => pending.Contested.Contains(leak) ? leak with { Detail = leak.Detail + note } : leak)],
        });
    }

    /// <summary>
    /// The run was cancelled before the module could run alone: the changes only that run could
    /// tell apart are nobody's finding (the neighbour may as well have made them); they are left
    /// unjudged and the notice says so. What the module was seen doing by itself stands. A new
    /// result: the one shown provisionally is never changed.
    /// </summary>
    /// <returns>The item as the plan has it, and the result to publish.</returns>
    public (WorkItem Item, ModuleResult Result) LeaveUnjudged(WorkItem item, string why, Action<string> notice)
    {
        if (!_pending.Remove(item.Key, out var pending))
        {
            throw new InvalidOperationException($"no confirmation is pending for {item.Module.Name} ({item.Mode.Name()})");
        }
        var unjudged = pending.Seen.Leaks.Where(pending.Contested.Contains).ToList();
        if (unjudged.Count == 0)
        {
            return (pending.Item, pending.Seen);
        }
        notice($"{item.Module.Name}: left unjudged, {why} before it could run alone to tell whose they were " +
            $"(seen while {string.Join(", ", pending.Beside)} ran in the same worker): {string.Join("; ", unjudged.Select(l => $"{l.Kind}: {l.Detail}"))}");
        var judged = pending.Seen with { Leaks = [.. pending.Seen.Leaks.Where(leak => !pending.Contested.Contains(leak))] };
        judged.Verdict = VerdictRules.Decide(judged);
        return (pending.Item, judged);
    }
}
