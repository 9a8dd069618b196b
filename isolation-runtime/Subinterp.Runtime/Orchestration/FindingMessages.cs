using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Folds the messages about extension modules and leaks into a module's result, whichever
/// lifecycle of the module sent them: each finding is kept once.
/// </summary>
internal static class FindingMessages
{
    /// <summary>True when the message was one of these and has been applied.</summary>
    public static bool Apply(ModuleResult result, ProtocolMessage message)
    {
        switch (message)
        {
            case UnsafeImportMessage refused:
                var unsafeImport = result.UnsafeImports.FirstOrDefault(u => u.Module == refused.Extension);
                if (unsafeImport is null)
                {
                    unsafeImport = new UnsafeImport(refused.Extension, refused.Error) { ImportedBy = refused.ImportedBy };
                    result.UnsafeImports.Add(unsafeImport);
                    // A refusal first seen absorbed by the stdlib and then found to break something is a finding now.
                    result.AbsorbedImports?.RemoveAll(a => a.Module == refused.Extension);
                    if (result.AbsorbedImports is { Count: 0 })
                    {
                        result.AbsorbedImports = null;
                    }
                }
                if (refused.Broke is { } broke && !unsafeImport.Broke.Contains(broke))
                {
                    unsafeImport.Broke.Add(broke);
                }
                return true;
            case AbsorbedImportMessage absorbed:
                if (!result.UnsafeImports.Any(u => u.Module == absorbed.Extension) && result.AbsorbedImports?.Any(a => a.Module == absorbed.Extension) != true)
                {
                    (result.AbsorbedImports ??= []).Add(new AbsorbedImport(absorbed.Extension, absorbed.Error, absorbed.ImportedBy));
                }
                return true;
            case SharedGilImportMessage shared:
                if (result.SharedGilImports?.Any(s => s.Module == shared.Extension) != true)
                {
                    (result.SharedGilImports ??= []).Add(new SharedGilImport(shared.Extension, shared.Reason, shared.ImportedBy));
                }
                return true;
            case ExtensionDeclaredMessage declared:
                if (result.Declarations?.Any(d => d.Module == declared.Extension) != true)
                {
                    (result.Declarations ??= []).Add(new ExtensionDeclaration(declared.Extension, declared.Init, declared.MultipleInterpreters, declared.Gil));
                }
                return true;
            case CrossCheckMessage crossChecked:
                var crossCheck = new CrossCheck(crossChecked.Extension, crossChecked.Check, crossChecked.NotRun);
                if (result.CrossChecks?.Contains(crossCheck) != true)
                {
                    (result.CrossChecks ??= []).Add(crossCheck);
                }
                return true;
            case LeakMessage leak:
                Add(result, new LeakFinding(leak.Kind, leak.Detail));
                return true;
            case LeaksSettledMessage settled:
                foreach (var leak in settled.Leaks.Concat(settled.ContestedLeaks))
                {
                    Add(result, new LeakFinding(leak.Kind, leak.Detail));
                }
                AddCodeEffects(result, settled.CodeEffects);
                return true;
            case CodeEffectsMessage effects:
                AddCodeEffects(result, effects.CodeEffects);
                return true;
            case ExtensionEffectMessage effect:
                (result.ExtensionEffects ??= []).Add(new ExtensionEffect(effect.Extension, effect.Origin, effect.Chain.Count > 0 ? effect.Chain : [effect.Extension],
                    [.. effect.Changes.Select(change => new LeakFinding(change.Kind, change.Detail))]) { Again = effect.Again });
                return true;
            case LifecycleMessage sample:
                (result.Lifecycles ??= []).Add(new LifecycleSample(sample.RssBytes, sample.HeapBytes, sample.Fds, sample.Threads));
                result.LifecycleBaseline ??= new LifecycleBaseline(sample.BaselineHeapBytes, sample.BaselineRssBytes);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Adds what the lifecycle samples show, once all have arrived.</summary>
    public static void ApplyLifecycleRule(ModuleResult result)
    {
        foreach (var leak in LifecycleLeakRule.Findings(result.Lifecycles ?? [], result.LifecycleBaseline))
        {
            Add(result, leak);
        }
    }

    private static void AddCodeEffects(ModuleResult result, IReadOnlyList<ProtocolCodeEffect>? effects)
    {
        foreach (var effect in effects ?? [])
        {
            var seen = new CodeEffect(effect.Where, effect.Whose, effect.Scope, effect.Touch, effect.Value,
                effect.Kind is { } kind ? new LeakFinding(kind, effect.Detail ?? "") : null, effect.Function);
            // Once per site and touch: a change seen, else the note that the interpreter made it.
            var same = (result.CodeEffects ??= []).FindIndex(known => known.Key == seen.Key && known.Value == seen.Value);
            if (same < 0)
            {
                result.CodeEffects.Add(seen);
            }
            else if (result.CodeEffects[same].Change is null && seen.Change is not null)
            {
                result.CodeEffects[same] = seen;
            }
        }
    }

    private static void Add(ModuleResult result, LeakFinding leak)
    {
        if (!result.Leaks.Contains(leak))
        {
            result.Leaks.Add(leak);
        }
    }
}
