using Subinterp.Runtime.Journal;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Where results leave the orchestrator, as <see cref="ResultLifecycle"/> decides: each (module,
/// mode) gets exactly one final result, written through to the journal and the remembered
/// durations and told to the observer; a result shown before it is confirmed is marked
/// provisional; a plain-process comparison of a final result is an event of its own and never
/// changes the result.
/// </summary>
/// <param name="onFinal">Told each final result after the observer (the plain-process comparison starts there).</param>
internal sealed class ResultPublisher(ISessionObserver observer, RunJournal? journal, DurationHistory? history, Action<WorkItem, ModuleResult>? onFinal = null)
{
    private readonly Dictionary<string, ModuleResult> _final = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcessComparison> _comparisons = new(StringComparer.Ordinal);

    public ISessionObserver Observer => observer;

    public IReadOnlyDictionary<string, ModuleResult> Final => _final;

    /// <summary>The plain-process comparisons published, by result key.</summary>
    public IReadOnlyDictionary<string, ProcessComparison> Comparisons => _comparisons;

    public void Provisional(WorkItem item, ModuleResult result, int slot) =>
        observer.ModuleFinished(new ModuleFinish(item.Module, item.Mode, slot, result, Final: false));

    /// <param name="record">False for results that must not be resumed from (cancelled, already in the journal) or are not results (listings).</param>
    public void Publish(WorkItem item, ModuleResult result, int slot, bool record = true)
    {
        if (!_final.TryAdd(item.Key, result))
        {
            throw new InvalidOperationException($"{item.Module.Name} ({item.Mode.Name()}) was given a second final result");
        }
        if (record)
        {
            journal?.Result(item.Module, result);
            history?.Record(item.Module, result.DurationMs);
        }
        observer.ModuleFinished(new ModuleFinish(item.Module, item.Mode, slot, result, Final: true));
        onFinal?.Invoke(item, result);
    }

    public void Compared(ModuleComparison compared)
    {
        var key = ResultKey.Of(compared.Module, compared.Mode);
        if (!_final.ContainsKey(key) || !_comparisons.TryAdd(key, compared.Comparison))
        {
            throw new InvalidOperationException($"{compared.Module.Name} ({compared.Mode.Name()}): a comparison without a final result, or a second one");
        }
        observer.ModuleCompared(compared);
    }
}
