namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// What Subinterp does differently for a CPython version, and why: the known CPython defects it
/// works around (with their issue numbers) and the version changes it follows. The version checks
/// read these predicates (<see cref="MainInterpreterPreload"/>, `RefusalCanary`); the changes that
/// the code follows by detecting the feature itself (PyInitConfig's presence in libpython, the slot
/// numbers a module declares, the `_interpreters` functions there are) are listed here for
/// `subinterp doctor`, which prints the ones that apply to the Python it would use, so what 3.13.0
/// needs and 3.15 does not is said in one place.
/// </summary>
public static class CPythonAdaptations
{
    /// <summary>One adaptation: the CPython issue or change, what it does, what Subinterp does about it, and the versions it applies to.</summary>
    public sealed record Adaptation(string Issue, string Behaviour, string Response, Version From, Version? Before)
    {
        public bool AppliesTo(Version python) => python >= From && (Before is null || python < Before);
    }

    private static readonly Version V3_12 = new(3, 12);
    private static readonly Version V3_13 = new(3, 13);
    private static readonly Version V3_14 = new(3, 14);
    private static readonly Version V3_15 = new(3, 15);

    /// <summary>3.12 runs a refused single-phase extension's initialisation before refusing it (fixed in 3.13).</summary>
    public static readonly Adaptation RefusalDefect = new(
        "gh-117953",
        "an isolated interpreter runs a single-phase extension's initialisation before refusing it, and the process is left broken: the next import of it aborts",
        "after each refusal a fresh interpreter imports the extension again (the refusal canary), so a crash names the module that caused it; "
        + "under the pytest engine _datetime and _decimal are loaded in the main interpreter first",
        V3_12, V3_13);

    /// <summary>_datetime's static types initialised by two interpreters at once (3.13 made _datetime loadable in subinterpreters).</summary>
    public static readonly Adaptation DatetimeStaticTypes = new(
        "gh-136421",
        "two interpreters initialising _datetime at the same moment may crash the process (its static types are readied twice)",
        "_datetime is loaded in the main interpreter before any subinterpreter exists (running modules side by side is Subinterp's doing, not the code's)",
        V3_13, null);

    /// <summary>3.14's PyInitConfig API starts from the isolated configuration.</summary>
    public static readonly Adaptation IsolatedInitConfig = new(
        "PEP 741",
        "PyInitConfig_Create() starts from the isolated configuration: PYTHONPATH, the other PYTHON* variables, the user site and the locale are ignored",
        "the main interpreter is configured as a plain `python` is, so every interpreter has the sys.path, encodings and flags a process of that Python would",
        V3_14, null);

    /// <summary>3.14 limits C recursion by the thread's real stack size.</summary>
    public static readonly Adaptation StackSizedRecursion = new(
        "gh-130396",
        "C recursion is limited by the thread's real stack size, not by a count made for an 8 MiB stack",
        "slot threads get the stack a plain python's main thread may grow to (RLIMIT_STACK), so deep recursion ends as it does in a process",
        V3_14, null);

    /// <summary>3.14 changed the _interpreters module's API.</summary>
    public static readonly Adaptation InterpretersApi = new(
        "PEP 734",
        "the _interpreters module's functions changed (exec, call, run_string return values)",
        "the interpreters guard (modules that manage interpreters take turns) speaks each version's API",
        V3_14, null);

    /// <summary>3.15 renumbered module slots and added PyModExport.</summary>
    public static readonly Adaptation ModuleExport = new(
        "PEP 793",
        "Py_mod_multiple_interpreters and Py_mod_gil are renumbered, and an extension may export its slots with PyModExport_<name> instead of a PyModuleDef",
        "declarations are read with that version's slot numbers and export hook",
        V3_15, null);

    public static IReadOnlyList<Adaptation> All { get; } =
        [RefusalDefect, DatetimeStaticTypes, IsolatedInitConfig, StackSizedRecursion, InterpretersApi, ModuleExport];

    /// <summary>The adaptations that apply to a CPython version, oldest issue first.</summary>
    public static IReadOnlyList<Adaptation> For(Version python) => [.. All.Where(adaptation => adaptation.AppliesTo(python))];
}
