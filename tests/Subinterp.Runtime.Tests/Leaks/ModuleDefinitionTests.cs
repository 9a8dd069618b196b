using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;

namespace Subinterp.Runtime.Tests.Leaks;

/// <summary>PyModuleDef read from memory laid out as CPython's headers define it.</summary>
public sealed unsafe class ModuleDefinitionTests
{
    private static string? Refusal(params (int Slot, long Value)[] slots)
    {
        var definition = (byte*)NativeMemory.AllocZeroed(104);
        var table = slots.Length == 0 ? null : (byte*)NativeMemory.AllocZeroed((nuint)(16 * (slots.Length + 1)));
        try
        {
            for (var i = 0; i < slots.Length; i++)
            {
                *(int*)(table + 16 * i) = slots[i].Slot;
                *(long*)(table + 16 * i + 8) = slots[i].Value;
            }
            *(nint*)(definition + 72) = (nint)table; // m_slots
            return ModuleDefinition.Read((nint)definition).RefusalWithOwnGil;
        }
        finally
        {
            NativeMemory.Free(definition);
            NativeMemory.Free(table);
        }
    }

    /// <summary>A 3.15 PySlot array: { uint16 id, uint16 flags, uint32 reserved, value }, ended by id 0.</summary>
    private static byte* PySlots(params (ushort Id, long Value)[] slots)
    {
        var table = (byte*)NativeMemory.AllocZeroed((nuint)(16 * (slots.Length + 1)));
        for (var i = 0; i < slots.Length; i++)
        {
            *(ushort*)(table + 16 * i) = slots[i].Id;
            *(ushort*)(table + 16 * i + 2) = 0x4; // PySlot_INTPTR, as PySlot_DATA writes it
            *(long*)(table + 16 * i + 8) = slots[i].Value;
        }
        return table;
    }

    [Fact]
    public void Slot_numbers_of_3_15_headers_are_read()
    {
        // A PyModuleDef built against 3.15's headers: Py_mod_exec 85, Py_mod_multiple_interpreters 86, Py_mod_gil 87.
        Assert.Null(Refusal((85, 0x1234), (86, 2), (87, 1)));
        Assert.Equal("declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED", Refusal((86, 0)));
    }

    [Fact]
    public void An_export_hooks_slots_are_read_through_their_nesting()
    {
        // PyModExport_name's array: Py_mod_abi 109, then Py_slot_subslots (92) to a PySlot array with
        // Py_mod_gil, and Py_mod_slots (94) to a PyModuleDef_Slot array with Py_mod_multiple_interpreters.
        var legacy = (byte*)NativeMemory.AllocZeroed(32);
        *(int*)legacy = 86;
        *(long*)(legacy + 8) = 2;
        var inner = PySlots((87, 1));
        var outer = PySlots((109, 0x1000), (92, (long)inner), (94, (long)legacy));
        try
        {
            var definition = ModuleDefinition.ReadExported((nint)outer);
            Assert.Equal(new ModuleDefinition(true, 2, 1), definition);
            Assert.Null(definition.RefusalWithOwnGil);
        }
        finally
        {
            NativeMemory.Free(legacy);
            NativeMemory.Free(inner);
            NativeMemory.Free(outer);
        }
    }

    [Fact]
    public void Single_phase_init_is_refused() => Assert.StartsWith("single-phase init", Refusal());

    [Fact]
    public void Per_interpreter_gil_support_loads() => Assert.Null(Refusal((2, 0x1234), (3, 2)));

    [Fact]
    public void Multiple_interpreters_without_per_interpreter_gil_is_refused() =>
        Assert.Equal("declares Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED but not Py_MOD_PER_INTERPRETER_GIL_SUPPORTED", Refusal((2, 0x1234), (3, 1)));

    [Fact]
    public void Not_supported_is_refused() => Assert.Equal("declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED", Refusal((3, 0)));

    [Fact]
    public void Multi_phase_without_the_slot_is_refused() => Assert.StartsWith("multi-phase init without a Py_mod_multiple_interpreters slot", Refusal((2, 0x1234)));
}
