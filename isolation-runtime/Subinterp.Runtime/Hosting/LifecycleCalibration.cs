using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Leaks;

namespace Subinterp.Runtime.Hosting;

/// <summary>Measures a <see cref="LifecycleBaseline"/>: empty interpreters created and ended on the calling (slot) thread.</summary>
internal static class LifecycleCalibration
{
    private const int WarmUps = 2;
    private const int Measured = 5;

    public static LifecycleBaseline Measure(LibPython python, InterpreterMode mode, IReadOnlySet<int> workerFds)
    {
        var samples = new List<LifecycleSample>();
        for (var i = 0; i < WarmUps + Measured + 1; i++)
        {
            var interpreter = SubInterpreter.Create(python, mode);
            interpreter.Run("pass");
            interpreter.End();
            if (i >= WarmUps)
            {
                samples.Add(LifecycleMeter.Measure(workerFds));
            }
        }
        var heap = samples[0].HeapBytes is null ? (long?)null : Median(samples.Zip(samples.Skip(1), (a, b) => b.HeapBytes!.Value - a.HeapBytes!.Value));
        return new LifecycleBaseline(heap, Median(samples.Zip(samples.Skip(1), (a, b) => b.RssBytes - a.RssBytes)));
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
