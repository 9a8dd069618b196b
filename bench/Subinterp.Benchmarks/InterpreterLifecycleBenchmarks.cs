using BenchmarkDotNet.Attributes;
using Subinterp.Runtime;
using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Interop;

namespace Subinterp.Benchmarks;

/// <summary>
/// One subinterpreter's lifecycle, as a slot lives it: create, (run,) end. Isolated and legacy
/// mode, with and without `site`; bare, importing unittest, and importing the driver (which
/// imports unittest with its failure-only helpers deferred: what every module pays before its
/// own import).
/// Each operation is tens of milliseconds, so every invocation is measured (no unrolling).
/// </summary>
[Config(typeof(LifecycleConfig))]
public class InterpreterLifecycleBenchmarks
{
    private LibPython _python = null!;
    private string _driverDirectory = null!;

    [Params(InterpreterMode.Isolated, InterpreterMode.Legacy)]
    public InterpreterMode Mode { get; set; }

    [Params(true, false)]
    public bool Site { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _python = PythonHost.Start(Site);
        _driverDirectory = DriverPackage.Extract();
    }

    [Benchmark(Baseline = true, Description = "create + end")]
    public void CreateEnd() => SubInterpreter.Create(_python, Mode).End();

    [Benchmark(Description = "create + import unittest + end")]
    public void ImportUnittest() => Lifecycle("import unittest");

    [Benchmark(Description = "create + import driver + end")]
    public void ImportDriver() => Lifecycle(
        $"import sys\nsys.path.insert(0, {Subinterp.Runtime.Protocol.ProtocolCodec.QuoteForPython(_driverDirectory)})\nimport subinterp_driver.main");

    private void Lifecycle(string code)
    {
        var interpreter = SubInterpreter.Create(_python, Mode);
        Check(interpreter.Run(code));
        interpreter.End();
    }

    private static void Check(bool ok)
    {
        if (!ok)
        {
            throw new InvalidOperationException("the benchmarked code raised (its traceback went to stderr)");
        }
    }
}
