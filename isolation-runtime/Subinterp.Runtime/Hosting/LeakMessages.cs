using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Hosting;

/// <summary>The protocol messages that carry the process monitor's verdicts to the orchestrator, written by a slot or by the background settler.</summary>
internal static class LeakMessages
{
    /// <summary>A module's own verdicts as its window closes: leaks, contested changes, extension and code effects.</summary>
    public static IEnumerable<SlotMessage> Closed(int slot, int seq, WindowClose closed)
    {
        foreach (var (leaks, contested) in new[] { (closed.Leaks, false), (closed.Contested, true) })
        {
            foreach (var leak in leaks)
            {
                yield return new LeakMessage { Slot = slot, Seq = seq, Kind = leak.Kind, Detail = leak.Detail, Contested = contested };
            }
        }
        foreach (var (init, changes, repeat) in closed.Effects)
        {
            yield return new ExtensionEffectMessage
            {
                Slot = slot, Seq = seq, Extension = init.Extension, Origin = init.Origin, Chain = [.. init.Chain], Changes = Wire(changes), Again = repeat,
            };
        }
        if (closed.CodeEffects.Count > 0)
        {
            yield return new CodeEffectsMessage { Slot = slot, Seq = seq, CodeEffects = Wire(closed.CodeEffects) };
        }
    }

    /// <summary>The verdict on an earlier module's held changes.</summary>
    public static LeaksSettledMessage Settled(int slot, WindowSettlement settled) => new()
    {
        Slot = slot, Seq = settled.Seq, Leaks = Wire(settled.Confirmed), ContestedLeaks = Wire(settled.Contested),
        CodeEffects = settled.CodeEffects.Count == 0 ? null : Wire(settled.CodeEffects),
    };

    public static List<ProtocolLeak> Wire(IEnumerable<LeakFinding> leaks) => [.. leaks.Select(leak => new ProtocolLeak(leak.Kind, leak.Detail))];

    private static List<ProtocolCodeEffect> Wire(IEnumerable<CodeEffectSeen> effects) =>
    [
        .. effects.Select(effect => new ProtocolCodeEffect(effect.Site.Touch, effect.Site.Whose, effect.Site.Where, effect.Site.Scope, effect.Site.Value,
            effect.Site.Function, effect.Change?.Kind, effect.Change?.Detail)),
    ];
}
