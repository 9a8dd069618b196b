using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Honest attribution of process-level leaks. The worker attributes what it can by itself (see
/// <see cref="Leaks.ProcessLeakMonitor"/>); a change that this module and a neighbour both saw
/// appear, and that stayed, is contested: such a module is only suspected; once the queue is done
/// it is re-run alone, each suspect on a fresh one-slot worker of its own (process state one
/// suspect changed would hide the same change by the next), and that run's result is the one
/// reported, as with the crash quarantine. Shared objects are structural and need no confirmation.
/// </summary>
public sealed partial class Orchestrator
{
    private static void NoteOverlap(ModuleRun started, IEnumerable<ModuleRun> inFlight)
    {
        foreach (var other in inFlight)
        {
            other.OverlappedWith.Add(started.Module.Name);
            started.OverlappedWith.Add(other.Module.Name);
        }
    }

    /// <summary>True when the result is held back until the module has been re-run alone.</summary>
    private bool DeferForLeakConfirmation(ModuleRun run, ModuleResult result)
    {
        var unconfirmed = run.ContestedLeaks;
        if (_leakSuspects is null || unconfirmed.Count == 0 || result.Crash is not null)
        {
            return false;
        }
        _unconfirmedLeaks[run.Module.Key] = unconfirmed;
        _results[run.Module.Key] = result; // stands only if the re-run cannot happen
        _leakSuspects.Enqueue(run.Module);
        return true;
    }

    private async Task ConfirmLeaksAloneAsync(CancellationToken cancellation)
    {
        var suspects = _leakSuspects!;
        _leakSuspects = null;
        if (suspects.Count == 0)
        {
            return;
        }
        _observer.Notice($"re-running {suspects.Count} module(s) alone to confirm process-level changes seen while other modules ran alongside: {string.Join(", ", suspects.Select(m => m.Name))}");
        var names = suspects.ToDictionary(m => m.Key, m => m.Name);
        foreach (var suspect in suspects)
        {
            await RunQueueAsync(new Queue<TestModule>([suspect]), 1, quarantinePass: false, cancellation).ConfigureAwait(false);
        }
        foreach (var (key, seen) in _unconfirmedLeaks)
        {
            // By kind: a re-run shows the same change with another thread id, fd number or temp name.
            var cleared = seen.Where(leak => !_results[key].Leaks.Any(again => again.Kind == leak.Kind)).ToList();
            if (cleared.Count > 0)
            {
                _observer.Notice($"{names[key]}: not reproduced alone, so not blamed: {string.Join("; ", cleared.Select(l => $"{l.Kind}: {l.Detail}"))}");
            }
        }
    }
}
