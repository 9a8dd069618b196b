using Subinterp.Runtime.Journal;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// The one place results leave the orchestrator: each (module, mode) gets exactly one final result,
/// written through to the journal and the remembered durations and told to the observer; a result
/// shown before it is confirmed is marked provisional.
/// </summary>
/// <param name="onFinal">Told each final result after the observer (the plain-process comparison starts there).</param>
internal sealed class ResultPublisher(ISessionObserver observer, RunJournal? journal, DurationHistory? history, Action<ModuleResult>? onFinal = null)
{
    private readonly Dictionary<string, ModuleResult> _final = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleResult> _provisional = new(StringComparer.Ordinal);

    public ISessionObserver Observer => observer;

    public IReadOnlyDictionary<string, ModuleResult> Final => _final;

    public bool IsFinal(WorkItem item) => _final.ContainsKey(item.Key);

    /// <summary>The result shown early, if any: it stands when the confirmation cannot happen.</summary>
    public ModuleResult? ProvisionalOf(WorkItem item) => _provisional.GetValueOrDefault(item.Key);

    public void Provisional(WorkItem item, ModuleResult result, int slot)
    {
        _provisional[item.Key] = result;
        observer.ModuleFinished(new ModuleFinish(item.Module, item.Mode, slot, result, Final: false));
    }

    /// <param name="record">False for results that must not be resumed from (cancelled, already in the journal) or are not results (listings).</param>
    public void Publish(WorkItem item, ModuleResult result, int slot, bool record = true)
    {
        if (!_final.TryAdd(item.Key, result))
        {
            throw new InvalidOperationException($"{item.Module.Name} ({item.Mode.Name()}) was given a second final result");
        }
        _provisional.Remove(item.Key);
        if (record)
        {
            journal?.Result(item.Module, result);
            history?.Record(item.Module, result.DurationMs);
        }
        observer.ModuleFinished(new ModuleFinish(item.Module, item.Mode, slot, result, Final: true));
        onFinal?.Invoke(result);
    }
}
