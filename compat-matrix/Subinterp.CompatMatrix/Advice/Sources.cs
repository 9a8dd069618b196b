namespace Subinterp.CompatMatrix.Advice;

/// <summary>
/// The public pages the advice rests on, one constant per claim it backs. Each was read before it
/// was cited (docs/compat-matrix.md, "Advice", says what each backs); a page that moves is
/// changed here, once.
/// </summary>
internal static class Sources
{
    /// <summary>CPython's HOWTO: per-module state, heap types, process-global state, the opt-out.</summary>
    public const string IsolatingHowto = "https://docs.python.org/3/howto/isolating-extensions.html";

    public const string HowtoGlobalState = IsolatingHowto + "#managing-global-state";
    public const string HowtoModuleState = IsolatingHowto + "#managing-per-module-state";
    public const string HowtoHeapTypes = IsolatingHowto + "#heap-types";
    public const string HowtoOptOut = IsolatingHowto + "#opt-out-limiting-to-one-module-object-per-process";

    /// <summary>A single-phase module imported in a subinterpreter gets a shallow copy of its dict: its objects are shared between interpreters.</summary>
    public const string SinglePhaseCopy = "https://github.com/python/cpython/issues/117649";

    /// <summary>Py_mod_multiple_interpreters: its values, and that an absent slot means Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED.</summary>
    public const string MultipleInterpretersSlot = "https://docs.python.org/3/c-api/module.html#c.Py_mod_multiple_interpreters";

    /// <summary>Multi-phase initialization (PEP 489).</summary>
    public const string MultiPhaseInit = "https://docs.python.org/3/c-api/module.html#multi-phase-initialization";

    public const string Pep489 = "https://peps.python.org/pep-0489/";

    /// <summary>PEP 684: an own-GIL interpreter imports only modules that declare per-interpreter GIL support.</summary>
    public const string Pep684 = "https://peps.python.org/pep-0684/";

    /// <summary>PyInterpreterConfig: check_multi_interp_extensions (single-phase modules refused), allow_fork, allow_exec, daemon threads.</summary>
    public const string InterpreterConfig = "https://docs.python.org/3/c-api/subinterpreters.html#c.PyInterpreterConfig";

    /// <summary>Calling into Python from threads a module started: PyGILState_Ensure attaches to the main interpreter.</summary>
    public const string ForeignThreads = "https://docs.python.org/3.15/c-api/threads.html#non-python-created-threads";

    /// <summary>PyO3's ImportError for a second interpreter, and why (src/impl_/pymodule.rs, PR #3446).</summary>
    public const string PyO3Issue = "https://github.com/PyO3/pyo3/issues/576";
    public const string PyO3Tracking = "https://github.com/PyO3/pyo3/issues/3451";
    public const string PyO3Check = "https://github.com/PyO3/pyo3/pull/3446";

    /// <summary>Cython's subinterpreters_compatible directive and CYTHON_USE_MODULE_STATE (Cython 3.1+).</summary>
    public const string CythonDirectives = "https://cython.readthedocs.io/en/latest/src/userguide/source_files_and_compilation.html#compiler-directives";
    public const string CythonMacros = "https://cython.readthedocs.io/en/latest/src/userguide/source_files_and_compilation.html#c-macro-defines";

    /// <summary>pybind11 3.0's py::multiple_interpreters tags (PR #5564, documented in #5659).</summary>
    public const string Pybind11Subinterpreters = "https://pybind11.readthedocs.io/en/stable/advanced/misc.html#sub-interpreter-support";
    public const string Pybind11Pull = "https://github.com/pybind/pybind11/pull/5564";

    /// <summary>nanobind declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED for every module it builds.</summary>
    public const string NanobindSlot = "https://github.com/wjakob/nanobind/blob/master/src/nb_internals.cpp";

    /// <summary>mypyc: subinterpreters and per-module state not supported yet (open), multi-phase init without them (done).</summary>
    public const string MypycIssue = "https://github.com/mypyc/mypyc/issues/980";
    public const string MypycMultiPhase = "https://github.com/mypyc/mypyc/issues/1104";

    /// <summary>cffi: multi-phase init for _cffi_backend and generated modules (open pull request).</summary>
    public const string CffiPull = "https://github.com/python-cffi/cffi/pull/175";
}
