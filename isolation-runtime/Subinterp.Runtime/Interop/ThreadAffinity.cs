using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Interop;

/// <summary>Reads the cores this process may use and pins the calling OS thread to one of them.</summary>
internal static unsafe class ThreadAffinity
{
    private const int MaskWords = 16; // 1024 cores

    public static IReadOnlyList<int> AllowedCores()
    {
        var mask = stackalloc ulong[MaskWords];
        if (LibC.sched_getaffinity(0, MaskWords * sizeof(ulong), mask) != 0)
        {
            return Enumerable.Range(0, Environment.ProcessorCount).ToArray();
        }
        var cores = new List<int>();
        for (var word = 0; word < MaskWords; word++)
        {
            for (var bit = 0; bit < 64; bit++)
            {
                if ((mask[word] & (1UL << bit)) != 0)
                {
                    cores.Add(word * 64 + bit);
                }
            }
        }
        return cores;
    }

    /// <summary>Pins the calling thread (pid 0 means the calling thread for sched_setaffinity).</summary>
    public static void PinCurrentThread(int core)
    {
        var mask = stackalloc ulong[MaskWords];
        new Span<ulong>(mask, MaskWords).Clear();
        mask[core / 64] = 1UL << (core % 64);
        if (LibC.sched_setaffinity(0, MaskWords * sizeof(ulong), mask) != 0)
        {
            throw new InvalidOperationException($"sched_setaffinity to core {core} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
