using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Toolchains;

namespace Subinterp.CompatMatrix.Advice;

/// <summary>
/// The advice for a cell that is not ok: which kind of problem it is, from what the probes saw (the
/// refusal and who raised it, the declaration, the leak kinds, the crash) and the toolchain that
/// built the module, and what its maintainers can do, with the public pages that say so
/// (<see cref="Sources"/>). The wording of the toolchains' own options lives in
/// <see cref="ToolchainAdvice"/>.
/// </summary>
public static class AdviceRules
{
    public const string SinglePhaseInit = "single-phase-init";
    public const string NoMultipleInterpretersSlot = "no-multiple-interpreters-slot";
    public const string DeclaresNotSupported = "declares-not-supported";
    public const string ToolchainRefuses = "toolchain-refuses";
    public const string ModuleRefuses = "module-refuses";
    public const string SharedState = "shared-state";
    public const string ProcessChange = "process-change";
    public const string DependencyRefused = "dependency-refused";
    public const string Crash = "crash";
    public const string Hang = "hang";
    public const string ImportError = "import-error";
    public const string FailsInPlainProcess = "fails-in-plain-process";
    public const string TestsFail = "tests-fail";

    /// <summary>Every category, in the order the page lists them.</summary>
    public static readonly IReadOnlyList<string> Categories =
    [
        SinglePhaseInit, NoMultipleInterpretersSlot, DeclaresNotSupported, ToolchainRefuses, ModuleRefuses, SharedState, ProcessChange,
        DependencyRefused, Crash, Hang, ImportError, FailsInPlainProcess, TestsFail,
    ];

    /// <summary>Cython's ImportError for a second interpreter (its generated module init).</summary>
    public const string CythonRefusal = "Interpreter change detected - this module can only be loaded into one interpreter per process";

    /// <summary>CPython's ImportError for a module the interpreter's configuration refuses.</summary>
    public const string CPythonRefusal = "does not support loading in subinterpreters";

    /// <param name="package">The distribution the module belongs to: its known upstream work is named (<see cref="UpstreamWork"/>).</param>
    public static CellAdvice? For(Judgement judgement, ModuleDeclaration declaration, ModuleToolchain? toolchain, string mode, string? package = null)
    {
        if (Choose(judgement, declaration, toolchain, mode) is not { } advice)
        {
            return null;
        }
        if (advice.Category != FailsInPlainProcess && UpstreamWork.For(package) is { } work)
        {
            advice = advice with { Action = $"{advice.Action} Upstream: {work.Text}.", Sources = [.. advice.Sources, work.Url] };
        }
        return advice with { Action = advice.Action.TrimEnd(), Sources = advice.Sources.Distinct(StringComparer.Ordinal).ToList() };
    }

    private static CellAdvice? Choose(Judgement judgement, ModuleDeclaration declaration, ModuleToolchain? toolchain, string mode) => judgement.Status switch
    {
        CellStatus.Crashes => Crashes(declaration, toolchain, mode),
        CellStatus.Refused => Refused(judgement, declaration, toolchain, mode),
        CellStatus.Leaks => Leaks(judgement, declaration, toolchain),
        CellStatus.Broken => Broken(judgement, declaration, toolchain, mode),
        _ => null,
    };

    private static CellAdvice Crashes(ModuleDeclaration declaration, ModuleToolchain? toolchain, string mode)
    {
        var declared = mode == "legacy" && declaration.MultipleInterpreters == "not-supported"
            ? " It declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED, which only an interpreter with check_multi_interp_extensions enforces: a legacy one loads it anyway."
            : "";
        return new CellAdvice(Crash,
            "The process died while subinterpreters imported it (the evidence names the signal, the probe and the stack). A crash in a subinterpreter usually "
            + "comes from process-wide C state (static types, C globals, cached objects) that a second interpreter reuses after the first has freed it or while it still uses it."
            + declared,
            "Report it upstream with the standalone reproducer kept next to this matrix (stdlib only). The fix is the isolation the HOWTO describes: "
            + "per-module state and heap types, or refusing a second interpreter cleanly (its opt-out) until then. " + ToolchainAdvice.Action(toolchain),
            [Sources.HowtoModuleState, Sources.HowtoHeapTypes, Sources.HowtoOptOut, .. ToolchainAdvice.Sources(toolchain)]);
    }

    private static CellAdvice Refused(Judgement judgement, ModuleDeclaration declaration, ModuleToolchain? toolchain, string mode)
    {
        var refusal = judgement.Refusal ?? "";
        if (refusal.Contains(ToolchainDetector.PyO3Refusal, StringComparison.Ordinal))
        {
            return ToolchainAdvice.PyO3Refuses(toolchain);
        }
        if (refusal.Contains(CythonRefusal, StringComparison.Ordinal))
        {
            return ToolchainAdvice.CythonRefuses(toolchain);
        }
        if (!refusal.Contains(CPythonRefusal, StringComparison.Ordinal))
        {
            return new CellAdvice(ModuleRefuses,
                $"The module's own initialisation raises ImportError in a subinterpreter: \"{FirstLine(refusal)}\". Its authors chose to refuse rather than share state.",
                "Lifting the refusal means isolating the module first (per-module state, heap types, no C globals shared between interpreters); "
                + "refusing cleanly, as it does now, is the HOWTO's recommended opt-out meanwhile. " + ToolchainAdvice.Action(toolchain),
                [Sources.HowtoOptOut, Sources.HowtoModuleState, .. ToolchainAdvice.Sources(toolchain)]);
        }
        if (declaration.Init == "single-phase")
        {
            return new CellAdvice(SinglePhaseInit,
                "Single-phase init (PyInit returns a module made with PyModule_Create): an interpreter with check_multi_interp_extensions, "
                + "as every isolated one, refuses it, because such a module keeps its state per process.",
                "Port it to multi-phase init (PEP 489) with its state on the module object, then declare Py_mod_multiple_interpreters = "
                + "Py_MOD_PER_INTERPRETER_GIL_SUPPORTED once nothing is shared. " + ToolchainAdvice.Action(toolchain),
                [Sources.MultiPhaseInit, Sources.HowtoModuleState, Sources.InterpreterConfig, .. ToolchainAdvice.Sources(toolchain)]);
        }
        if (declaration.Init == "multi-phase" && declaration.MultipleInterpreters is null)
        {
            return new CellAdvice(NoMultipleInterpretersSlot,
                "Multi-phase init without a Py_mod_multiple_interpreters slot: CPython takes that as Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED "
                + "(a shared GIL only), so an interpreter with its own GIL refuses it.",
                "If the module keeps all its state on the module object and shares no object between interpreters (the legacy-mode cell shows what was "
                + "checked), declare Py_mod_multiple_interpreters = Py_MOD_PER_INTERPRETER_GIL_SUPPORTED; libraries it calls must be thread-safe. "
                + ToolchainAdvice.Action(toolchain),
                [Sources.MultipleInterpretersSlot, Sources.Pep684, .. ToolchainAdvice.Sources(toolchain)]);
        }
        if (declaration.Init == "multi-phase")
        {
            var value = declaration.MultipleInterpreters == "supported" ? "Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED (a shared GIL only)" : "Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED";
            return new CellAdvice(DeclaresNotSupported,
                $"Its PyModuleDef declares Py_mod_multiple_interpreters = {value}, so CPython refuses it in {(mode == "isolated" ? "an isolated interpreter" : "any subinterpreter")}."
                + (toolchain?.Name == ToolchainDetector.Nanobind ? " nanobind declares that for every module it builds." : ""),
                "Raise the declaration once the module is isolated (per-module state, heap types, thread-safe libraries); the refusal is deliberate until then. "
                + ToolchainAdvice.Action(toolchain),
                [Sources.MultipleInterpretersSlot, Sources.HowtoModuleState, .. ToolchainAdvice.Sources(toolchain)]);
        }
        return new CellAdvice(declaration.Init == Declarations.Unknown ? SinglePhaseInit : DeclaresNotSupported,
            "CPython refused it; its PyModuleDef could not be read (it never loaded where it could be), so whether it is single-phase or declares "
            + "no support is not known.",
            "Run the matrix in legacy mode too (--mode both) to read its declaration. Either way the path is the HOWTO's: multi-phase init, per-module state, "
            + "then Py_MOD_PER_INTERPRETER_GIL_SUPPORTED. " + ToolchainAdvice.Action(toolchain),
            [Sources.MultipleInterpretersSlot, Sources.HowtoModuleState, .. ToolchainAdvice.Sources(toolchain)]);
    }

    private static CellAdvice Leaks(Judgement judgement, ModuleDeclaration declaration, ModuleToolchain? toolchain)
    {
        var shared = judgement.LeakKinds.Any(k => k is "shared-object" or "carry-over");
        if (shared)
        {
            var why = declaration.Init == "single-phase"
                ? "Single-phase init: every interpreter gets a copy of the same module dict and the same static types, so those objects are one object in all of them."
                : "Objects reachable from the module are the same object in two live interpreters (static types, C-level globals or cached objects), or state set in one shows in the next.";
            return new CellAdvice(SharedState,
                why + " With a shared GIL this is silent sharing; with own GILs two threads touch the same reference counts unlocked.",
                "Move the state to the module object (m_size, module state) and make the types heap types (PyType_FromModuleAndSpec). "
                + ToolchainAdvice.Action(toolchain),
                [Sources.HowtoModuleState, Sources.HowtoHeapTypes, .. declaration.Init == "single-phase" ? [Sources.SinglePhaseCopy] : Array.Empty<string>(), .. ToolchainAdvice.Sources(toolchain)]);
        }
        return new CellAdvice(ProcessChange,
            $"Its import changes process-wide state that every interpreter shares ({string.Join(", ", judgement.LeakKinds)}): the next interpreter, "
            + "and the application, inherit it.",
            "Keep process-wide set-up (signal handlers, environment, threads, descriptors, locale) out of module init: give access to the global "
            + "resource rather than own it, or do it once per process with explicit locking. " + ToolchainAdvice.Action(toolchain),
            [Sources.HowtoGlobalState, .. ToolchainAdvice.Sources(toolchain)]);
    }

    private static CellAdvice Broken(Judgement judgement, ModuleDeclaration declaration, ModuleToolchain? toolchain, string mode)
    {
        if (judgement.Hung)
        {
            return new CellAdvice(Hang,
                "Its import did not finish within the probe timeout in a subinterpreter (the stacks in the evidence show where it waited).",
                "Look for a wait on something only the main interpreter provides: a thread the module started that calls back with "
                + "PyGILState_Ensure (it attaches to the main interpreter, not this one), or a thread an isolated interpreter may not start. "
                + ToolchainAdvice.Action(toolchain),
                [Sources.ForeignThreads, Sources.InterpreterConfig, .. ToolchainAdvice.Sources(toolchain)]);
        }
        if (judgement.Dependency is { } dependency)
        {
            return new CellAdvice(DependencyRefused,
                $"It imports {dependency.Module}{(dependency.ImportedBy is { } by ? $" (from {by})" : "")}, which this interpreter refuses; the module itself was never reached.",
                $"Its readiness follows {dependency.Module}'s (see that row). Importing {dependency.Module} only where it is needed lets the rest of the package load.",
                [Sources.MultipleInterpretersSlot]);
        }
        if (judgement.TestsFail)
        {
            return new CellAdvice(TestsFail,
                "Its own tests fail in a subinterpreter and pass in a plain process of the same Python.",
                "The failing test ids are in the cell; each points at state the module keeps per process. " + ToolchainAdvice.Action(toolchain),
                [Sources.HowtoModuleState, .. ToolchainAdvice.Sources(toolchain)]);
        }
        if (judgement.AlsoInPlainProcess)
        {
            return new CellAdvice(FailsInPlainProcess,
                "It fails the same way in a plain process of the same Python: this is not a subinterpreter problem.",
                "Nothing to do for subinterpreters; the error in the evidence is the module's (or this installation's) own.",
                []);
        }
        return new CellAdvice(ImportError,
            $"Its import fails in a{(mode == "isolated" ? "n isolated" : " legacy")} subinterpreter and not in a plain process (the traceback is in the evidence).",
            "Typical causes: process-wide set-up an isolated interpreter forbids (fork, exec, daemon threads), a C global initialised once per "
            + "process, an object cached from another interpreter. " + ToolchainAdvice.Action(toolchain),
            [Sources.InterpreterConfig, Sources.HowtoModuleState, .. ToolchainAdvice.Sources(toolchain)]);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
