using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Hosting;

/// <summary>The protocol messages that carry the process monitor's verdicts to the orchestrator, written by a slot or by the background settler.</summary>
internal static class LeakMessages
{
    /// <summary>A module's own verdicts as its window closes: leaks, contested changes, extension and code effects.</summary>
    public static IEnumerable<ProtocolMessage> Closed(int slot, int seq, WindowClose closed)
    {
        foreach (var (leaks, contested) in new[] { (closed.Leaks, false), (closed.Contested, true) })
        {
            foreach (var leak in leaks)
            {
                yield return new ProtocolMessage
                {
                    Type = ProtocolMessageTypes.Leak, Slot = slot, Seq = seq, Kind = leak.Kind, Detail = leak.Detail, Contested = contested ? true : null,
                };
            }
        }
        foreach (var (init, changes, repeat) in closed.Effects)
        {
            yield return new ProtocolMessage
            {
                Type = ProtocolMessageTypes.ExtensionEffect, Slot = slot, Seq = seq, Module = init.Extension, Origin = init.Origin, Chain = [.. init.Chain],
                Leaks = Wire(changes), Again = repeat ? true : null,
            };
        }
        if (closed.CodeEffects.Count > 0)
        {
            yield return new ProtocolMessage { Type = ProtocolMessageTypes.CodeEffects, Slot = slot, Seq = seq, CodeEffects = Wire(closed.CodeEffects) };
        }
    }

    /// <summary>The verdict on an earlier module's held changes.</summary>
    public static ProtocolMessage Settled(int slot, WindowSettlement settled) => new()
    {
        Type = ProtocolMessageTypes.LeaksSettled, Slot = slot, Seq = settled.Seq, Leaks = Wire(settled.Confirmed), ContestedLeaks = Wire(settled.Contested),
        CodeEffects = settled.CodeEffects.Count == 0 ? null : Wire(settled.CodeEffects),
    };

    private static List<ProtocolLeak> Wire(IEnumerable<LeakFinding> leaks) => [.. leaks.Select(leak => new ProtocolLeak { Kind = leak.Kind, Detail = leak.Detail })];

    private static List<ProtocolCodeEffect> Wire(IEnumerable<CodeEffectSeen> effects) => [.. effects.Select(effect => new ProtocolCodeEffect
    {
        Touch = effect.Site.Touch, Whose = effect.Site.Whose, Where = effect.Site.Where, Scope = effect.Site.Scope, Value = effect.Site.Value,
        Function = effect.Site.Function,
        Kind = effect.Change?.Kind, Detail = effect.Change?.Detail,
    })];
}
