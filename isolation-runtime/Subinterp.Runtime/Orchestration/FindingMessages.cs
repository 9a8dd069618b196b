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
        switch (message.Type)
        {
            case ProtocolMessageTypes.UnsafeImport when message.Module is { } extension:
                var unsafeImport = result.UnsafeImports.FirstOrDefault(u => u.Module == extension);
                if (unsafeImport is null)
                {
                    unsafeImport = new UnsafeImport(extension, message.Error ?? "") { ImportedBy = message.ImportedBy };
                    result.UnsafeImports.Add(unsafeImport);
                    // A refusal first seen absorbed by the stdlib and then found to break something is a finding now.
                    result.AbsorbedImports?.RemoveAll(a => a.Module == extension);
                    if (result.AbsorbedImports is { Count: 0 })
                    {
                        result.AbsorbedImports = null;
                    }
                }
                if (message.Broke is { } broke && !unsafeImport.Broke.Contains(broke))
                {
                    unsafeImport.Broke.Add(broke);
                }
                return true;
            case ProtocolMessageTypes.AbsorbedImport when message.Module is { } extension:
                if (!result.UnsafeImports.Any(u => u.Module == extension) && result.AbsorbedImports?.Any(a => a.Module == extension) != true)
                {
                    (result.AbsorbedImports ??= []).Add(new AbsorbedImport(extension, message.Error ?? "", message.ImportedBy));
                }
                return true;
            case ProtocolMessageTypes.SharedGilImport when message.Module is { } extension:
                if (result.SharedGilImports?.Any(s => s.Module == extension) != true)
                {
                    (result.SharedGilImports ??= []).Add(new SharedGilImport(extension, message.Detail ?? "", message.ImportedBy));
                }
                return true;
            case ProtocolMessageTypes.ExtensionDeclared when message.Module is { } declared:
                if (result.Declarations?.Any(d => d.Module == declared) != true)
                {
                    (result.Declarations ??= []).Add(new ExtensionDeclaration(declared, message.Kind ?? "", message.MultipleInterpreters, message.Gil));
                }
                return true;
            case ProtocolMessageTypes.CrossCheck when message.Module is { } checkedModule && message.Kind is { } check:
                var crossCheck = new CrossCheck(checkedModule, check, message.Detail);
                if (result.CrossChecks?.Contains(crossCheck) != true)
                {
                    (result.CrossChecks ??= []).Add(crossCheck);
                }
                return true;
            case ProtocolMessageTypes.Leak when message.Kind is { } kind:
                Add(result, new LeakFinding(kind, message.Detail ?? ""));
                return true;
            case ProtocolMessageTypes.LeaksSettled:
                foreach (var leak in (message.Leaks ?? []).Concat(message.ContestedLeaks ?? []))
                {
                    Add(result, new LeakFinding(leak.Kind ?? "", leak.Detail ?? ""));
                }
                AddCodeEffects(result, message.CodeEffects);
                return true;
            case ProtocolMessageTypes.CodeEffects:
                AddCodeEffects(result, message.CodeEffects);
                return true;
            case ProtocolMessageTypes.ExtensionEffect when message.Module is { } extension:
                (result.ExtensionEffects ??= []).Add(new ExtensionEffect(extension, message.Origin ?? ExtensionEffect.Stdlib, message.Chain ?? [extension],
                    [.. (message.Leaks ?? []).Select(change => new LeakFinding(change.Kind ?? "", change.Detail ?? ""))]) { Again = message.Again == true });
                return true;
            case ProtocolMessageTypes.Lifecycle:
                (result.Lifecycles ??= []).Add(new LifecycleSample(message.RssBytes ?? 0, message.HeapBytes, message.Fds ?? 0, message.Threads ?? 0));
                result.LifecycleBaseline ??= new LifecycleBaseline(message.BaselineHeapBytes, message.BaselineRssBytes ?? 0);
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

    private static void AddCodeEffects(ModuleResult result, List<ProtocolCodeEffect>? effects)
    {
        foreach (var effect in effects ?? [])
        {
            var seen = new CodeEffect(effect.Where ?? "?", effect.Whose ?? "code", effect.Scope ?? "call", effect.Touch ?? "", effect.Value,
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
