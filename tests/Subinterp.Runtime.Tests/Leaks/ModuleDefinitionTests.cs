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
