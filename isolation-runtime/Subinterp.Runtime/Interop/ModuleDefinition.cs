namespace Subinterp.Runtime.Interop;

/// <summary>
/// What a loaded extension module's PyModuleDef declares about interpreters: single-phase init
/// (no m_slots), or multi-phase with its Py_mod_multiple_interpreters slot. This decides whether
/// an interpreter with its own GIL (isolated mode) would load it.
/// </summary>
/// <param name="MultiPhase">m_slots is set (PEP 489).</param>
/// <param name="MultipleInterpreters">The Py_mod_multiple_interpreters value, or null when the slot is absent.</param>
/// <param name="Gil">The Py_mod_gil value (3.13+: 0 used, 1 not used), or null when the slot is absent.</param>
internal sealed record ModuleDefinition(bool MultiPhase, long? MultipleInterpreters, long? Gil = null)
{
    // PyModuleDef (limited API, stable layout on LP64): PyModuleDef_Base m_base (PyObject_HEAD 16 bytes,
    // m_init, m_index, m_copy) = 40, then m_name, m_doc, m_size, m_methods, m_slots.
    private const int SlotsOffset = 72;
    private const int PyModMultipleInterpreters = 3;
    private const int PyModGil = 4;
    private const long NotSupported = 0;
    private const long PerInterpreterGilSupported = 2;

    /// <summary>A module object without a PyModuleDef: a single-phase module's copy (see <see cref="InterpreterInspector.DefinitionOf"/>).</summary>
    public static ModuleDefinition CopiedSinglePhase { get; } = new(false, null);

    public static unsafe ModuleDefinition Read(nint definition)
    {
        var slots = *(nint*)(definition + SlotsOffset);
        if (slots == 0)
        {
            return new ModuleDefinition(false, null);
        }
        // PyModuleDef_Slot: { int slot; void *value; }, 16 bytes, ended by slot 0.
        long? multipleInterpreters = null;
        long? gil = null;
        for (var slot = (byte*)slots; *(int*)slot != 0; slot += 16)
        {
            switch (*(int*)slot)
            {
                case PyModMultipleInterpreters:
                    multipleInterpreters = *(long*)(slot + 8);
                    break;
                case PyModGil:
                    gil = *(long*)(slot + 8);
                    break;
            }
        }
        return new ModuleDefinition(true, multipleInterpreters, gil);
    }

    /// <summary>Why an isolated (own-GIL) subinterpreter refuses this module, or null when it loads it.</summary>
    public string? RefusalWithOwnGil => (MultiPhase, MultipleInterpreters) switch
    {
        (false, _) => "single-phase init (PyModule_Create, no PEP 489 slots): its state is process-wide",
        (true, NotSupported) => "declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED",
        (true, PerInterpreterGilSupported) => null,
        (true, null) => "multi-phase init without a Py_mod_multiple_interpreters slot: CPython then assumes no per-interpreter GIL support",
        (true, _) => "declares Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED but not Py_MOD_PER_INTERPRETER_GIL_SUPPORTED",
    };
}
