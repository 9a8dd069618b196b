using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The cross-interpreter checks of one module run, done on the slot thread between the driver's
/// run and the end of the module's interpreter, while that interpreter is alive:
/// <list type="bullet">
/// <item>what each extension and built-in module it loaded declares in its PyModuleDef: extension-declared;</item>
/// <item>in legacy mode, which extension modules it loaded only because the GIL is shared
/// (their PyModuleDef says an isolated interpreter refuses them): shared-gil-import;</item>
/// <item>a probe interpreter, created next to it, imports the same extension modules and
/// compares addresses and state (subinterp_driver/probe.py): leak events.</item>
/// </list>
/// The module's thread state is detached with PyEval_SaveThread, which releases its GIL (its own,
/// or the shared one a legacy probe must take), and restored once the probe has ended: CPython's
/// run_in_subinterp_with_config pattern, with the GIL released.
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

    public static unsafe void Run(LibPython python, LeakChecks checks, InterpreterMode mode, string driverDirectory, SlotChannel pipe, int slot, int seq)
    {
        var request = checks.Inspector.ReadMainString(DriverBootstrap.ProbeRequestVariable);
        if (request is null)
        {
            return; // the module loaded no extension module
        }
        var extensions = ProbeRequest.Extensions(request);
        foreach (var (name, importedBy) in extensions)
        {
            var definition = checks.Inspector.DefinitionOf(name);
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
        if (extensions.Count == 0)
        {
            return; // built-in modules only: they are not compared across interpreters
        }
        var moduleThreadState = python.PyEval_SaveThread();
        try
        {
            var probe = SubInterpreter.Create(python, mode);
            probe.Run(DriverBootstrap.ForProbe(driverDirectory, new ProbeArguments(request), new DriverHost(pipe.WriteFd, slot, seq)));
            probe.End();
        }
        catch (SubInterpreterException)
        {
            // No probe interpreter, no comparison; the module's own result stands.
        }
        finally
        {
            python.PyEval_RestoreThread(moduleThreadState);
        }
    }
}
