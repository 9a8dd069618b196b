using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The cross-interpreter checks of one module run, done on the slot thread between the driver's
/// run and the end of the module's interpreter, while that interpreter is alive:
/// <list type="bullet">
/// <item>what each extension and built-in module it loaded declares in its PyModuleDef: extension-declared;</item>
/// <item>in legacy mode, which extension modules it loaded only because the GIL is shared
/// (their PyModuleDef says an isolated interpreter refuses them): shared-gil-import;</item>
/// <item>a probe interpreter, created next to it, imports the same extension modules and
/// compares addresses and state (subinterp_driver/probe.py): leak events, and a cross-check
/// event per extension and check saying whether it was made.</item>
/// </list>
/// The module's thread state is detached with PyEval_SaveThread, which releases its GIL (its own,
/// or the shared one a legacy probe must take), and restored once the probe has ended: CPython's
/// run_in_subinterp_with_config pattern, with the GIL released.
/// An extension that declares per-interpreter GIL support, showed nothing the first time this
/// worker probed it and has no plain-data state (numbers, text: what a module could carry over into
/// the next interpreter) is not probed again (<see cref="LeakChecks.ProbedClean"/>): objects shared
/// between interpreters are the extension's nature, not a module's doing, and the probe
/// interpreter (created, the extension and its package imported, ended) cost every module of a
/// suite whose package has a C extension tens of milliseconds on its slot. One that holds plain
/// data and showed nothing is not probed again for a module whose interpreter showed that same
/// data right after its import and at its end (<see cref="LeakChecks.ProbedFresh"/>,
/// <see cref="PlainDataState"/>: toolz's `_heapq`, whose `__about__` is text). Extensions that
/// share a GIL, showed something, or whose plain data a module saw change are probed, so a
/// carry-over is still caught.
/// </summary>
internal static class CrossInterpreterProbe
{
    private static void Declare(SlotChannel pipe, int slot, int seq, string name, ModuleDefinition? definition)
    {
        if (definition is null)
        {
            return;
        }
        pipe.Write(new ExtensionDeclaredMessage
        {
            Slot = slot, Seq = seq, Extension = name, Init = definition.MultiPhase ? "multi-phase" : "single-phase",
            MultipleInterpreters = definition.MultipleInterpreters, Gil = definition.Gil,
        });
    }

    /// <returns>Whether a probe interpreter was made (what costs: its creation, its imports, its end).</returns>
    public static unsafe bool Run(LibPython python, LeakChecks checks, InterpreterMode mode, string driverDirectory, SlotChannel pipe, int slot, int seq)
    {
        var request = checks.Inspector.ReadMainString(DriverBootstrap.ResultVariable);
        if (request is null)
        {
            return false; // the module loaded no extension module
        }
        var extensions = ProbeRequest.Extensions(request);
        var perGil = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, importedBy) in extensions)
        {
            var definition = checks.Inspector.DefinitionOf(name);
            if (definition is { MultiPhase: true, RefusalWithOwnGil: null })
            {
                perGil.Add(name);
            }
            Declare(pipe, slot, seq, name, definition);
            if (mode == InterpreterMode.Legacy && definition?.RefusalWithOwnGil is { } reason)
            {
                pipe.Write(new SharedGilImportMessage { Slot = slot, Seq = seq, Extension = name, Reason = reason, ImportedBy = importedBy });
            }
        }
        foreach (var name in ProbeRequest.Builtins(request))
        {
            Declare(pipe, slot, seq, name, checks.Inspector.DefinitionOf(name));
        }
        var states = ProbeRequest.ModuleStates(request);
        var skip = extensions.Select(e => e.Name).Where(name => checks.ProbedClean.ContainsKey((name, mode))
            || (checks.ProbedFresh.TryGetValue((name, mode), out var fresh) && states.TryGetValue(name, out var seen)
                && seen.Pristine.SameAs(fresh) && seen.End.SameAs(fresh))).ToList();
        if (extensions.Count == skip.Count)
        {
            return false; // built-in modules only (they are not compared across interpreters), or extensions already probed clean
        }
        var moduleThreadState = python.PyEval_SaveThread();
        try
        {
            var probe = SubInterpreter.Create(python, mode);
            probe.Run(DriverBootstrap.ForProbe(driverDirectory, new ProbeArguments(request, skip), new DriverHost(pipe.WriteFd, slot, seq)));
            var result = checks.Inspector.ReadMainString(DriverBootstrap.ResultVariable);
            foreach (var clean in ProbeRequest.Clean(result).Where(perGil.Contains))
            {
                checks.ProbedClean.TryAdd((clean, mode), 0);
            }
            var fresh = ProbeRequest.Fresh(result);
            foreach (var name in extensions.Select(e => e.Name).Where(perGil.Contains).Except(skip))
            {
                // The latest probe is what a fresh import gives now; one that found something leaves nothing to trust.
                if (fresh.TryGetValue(name, out var state))
                {
                    checks.ProbedFresh[(name, mode)] = state;
                }
                else
                {
                    checks.ProbedFresh.TryRemove((name, mode), out _);
                }
            }
            probe.End();
        }
        catch (SubInterpreterException error)
        {
            // No probe interpreter, no comparison; the module's own result stands, and says so.
            foreach (var (name, _) in extensions)
            {
                foreach (var check in new[] { CrossCheck.SharedObject, CrossCheck.CarryOver })
                {
                    pipe.Write(new CrossCheckMessage
                    {
                        Slot = slot, Seq = seq, Extension = name, Check = check,
                        NotRun = $"no second interpreter could be created to compare with ({error.Message})",
                    });
                }
            }
        }
        finally
        {
            python.PyEval_RestoreThread(moduleThreadState);
        }
        return true;
    }
}
