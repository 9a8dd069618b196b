using Subinterp.Runtime.Interop;

namespace Subinterp.Runtime.Leaks;

/// <summary>Measures the process between interpreter lifecycles (--repeat-lifecycles).</summary>
internal static class LifecycleMeter
{
    private static readonly bool HasMallInfo2 = LibC.HasMallInfo2();

    public static LifecycleSample Measure(IReadOnlySet<int> workerFds) => new(
        ResidentBytes(), HeapBytes(), FileDescriptorState.Capture(workerFds).Count, NativeThreadState.Capture().Count);

    private static long ResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception error) when (error is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private static long? HeapBytes()
    {
        if (!HasMallInfo2)
        {
            return null;
        }
        var info = LibC.mallinfo2();
        return (long)(info.UordBlks + info.HBlkHd);
    }
}
