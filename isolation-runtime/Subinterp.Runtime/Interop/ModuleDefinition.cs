namespace Subinterp.Runtime.Interop;

/// <summary>
/// What a loaded extension module declares about interpreters: single-phase init (a PyModuleDef
/// without m_slots), or multi-phase with its Py_mod_multiple_interpreters and Py_mod_gil slots,
/// read from the PyModuleDef's m_slots or, for 3.15's export hook (PEP 793, PyModExport_name),
/// from the PySlot array the hook returns. This decides whether an interpreter with its own GIL
/// (isolated mode) would load it.
/// </summary>
/// <param name="MultiPhase">m_slots is set (PEP 489), or the module came from an export hook.</param>
/// <param name="MultipleInterpreters">The Py_mod_multiple_interpreters value, or null when the slot is absent.</param>
/// <param name="Gil">The Py_mod_gil value (3.13+: 0 used, 1 not used), or null when the slot is absent.</param>
internal sealed record ModuleDefinition(bool MultiPhase, long? MultipleInterpreters, long? Gil = null)
{
    // PyModuleDef (limited API, stable layout on LP64): PyModuleDef_Base m_base (PyObject_HEAD 16 bytes,
    // m_init, m_index, m_copy) = 40, then m_name, m_doc, m_size, m_methods, m_slots.
    private const int SlotsOffset = 72;

    // Slot ids. CPython 3.15 renumbered the module slots (Include/slots_generated.h): a module built
    // against 3.15's headers (not the limited API of an older version) says 86 and 87 where older
    // headers say 3 and 4, and 3.15 reads both. Ids >= 84 are unknown module slots to 3.12-3.14,
    // which refuse to load such a module, so reading both on every version never misreads one.
    private const int SlotEnd = 0;
    private const int PyModMultipleInterpreters = 3;
    private const int PyModMultipleInterpreters315 = 86;
    private const int PyModGil = 4;
    private const int PyModGil315 = 87;
    // 3.15: slot arrays can nest. Py_slot_subslots points to a PySlot array, Py_mod_slots to a
    // PyModuleDef_Slot array, in either kind of array.
    private const int PySlotSubslots = 92;
    private const int PyModSlots = 94;
    // Objects/slots.c's _PySlot_MAX_NESTING is smaller; this only stops a malformed array's cycle.
    private const int MaxNesting = 16;

    private const long NotSupported = 0;
    private const long PerInterpreterGilSupported = 2;

    /// <summary>The two layouts of a slot entry, both 16 bytes with the value at offset 8.</summary>
    private enum SlotLayout
    {
        /// <summary>PyModuleDef_Slot: { int slot; void *value; }.</summary>
        ModuleDefSlot,

        /// <summary>3.15's PySlot: { uint16_t sl_id; uint16_t sl_flags; uint32_t sl_reserved; value }.</summary>
        PySlot,
    }

    /// <summary>A module object without a PyModuleDef: a single-phase module's copy (see <see cref="InterpreterInspector.DefinitionOf"/>).</summary>
    public static ModuleDefinition CopiedSinglePhase { get; } = new(false, null);

    /// <summary>What a PyModuleDef declares.</summary>
    public static unsafe ModuleDefinition Read(nint definition)
    {
        var slots = *(nint*)(definition + SlotsOffset);
        return slots == 0 ? new ModuleDefinition(false, null) : FromSlots(slots, SlotLayout.ModuleDefSlot);
    }

    /// <summary>What the PySlot array an export hook (PyModExport_name, 3.15+) returned declares.</summary>
    public static ModuleDefinition ReadExported(nint slots) => FromSlots(slots, SlotLayout.PySlot);

    private static ModuleDefinition FromSlots(nint slots, SlotLayout layout)
    {
        long? multipleInterpreters = null;
        long? gil = null;
        Walk(slots, layout, 0, ref multipleInterpreters, ref gil);
        return new ModuleDefinition(true, multipleInterpreters, gil);
    }

    private static unsafe void Walk(nint slots, SlotLayout layout, int depth, ref long? multipleInterpreters, ref long? gil)
    {
        if (slots == 0 || depth >= MaxNesting)
        {
            return;
        }
        for (var slot = (byte*)slots; ; slot += 16)
        {
            int id = layout == SlotLayout.ModuleDefSlot ? *(int*)slot : *(ushort*)slot;
            var value = *(long*)(slot + 8);
            switch (id)
            {
                case SlotEnd:
                    return;
                case PyModMultipleInterpreters or PyModMultipleInterpreters315:
                    multipleInterpreters = value;
                    break;
                case PyModGil or PyModGil315:
                    gil = value;
                    break;
                case PySlotSubslots:
                    Walk((nint)value, SlotLayout.PySlot, depth + 1, ref multipleInterpreters, ref gil);
                    break;
                case PyModSlots:
                    Walk((nint)value, SlotLayout.ModuleDefSlot, depth + 1, ref multipleInterpreters, ref gil);
                    break;
            }
        }
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
