using Subinterp.CompatMatrix.Cells;
using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Tests;

/// <summary>Probe results as the runtime reports them, for the judge's and the advice's tests.</summary>
internal static class Probes
{
    public static ProbeResult Passed(string extension, ProbeKind kind = ProbeKind.Import, int copy = 0, IEnumerable<CrossCheck>? checks = null, string? skipped = null) =>
        new(new Probe(extension, kind, copy), new ModuleResult
        {
            Module = $"test_{extension}_{kind}_{copy}", Path = "p.py", Mode = InterpreterMode.Isolated, Verdict = Verdict.Passed,
            Tests = [new TestResult { Id = "Probe.test_import", Outcome = skipped is null ? TestOutcome.Passed : TestOutcome.Skipped, Message = skipped }],
            CrossChecks = checks?.ToList(),
        });

    public static IEnumerable<CrossCheck> BothChecksMade(string extension) =>
        [new CrossCheck(extension, CrossCheck.SharedObject, null), new CrossCheck(extension, CrossCheck.CarryOver, null)];

    /// <summary>The five probes of a module that imported fine everywhere, with both cross-interpreter checks made.</summary>
    public static List<ProbeResult> Clean(string extension) =>
    [
        Passed(extension, checks: BothChecksMade(extension)),
        Passed(extension, ProbeKind.Concurrent, 0, BothChecksMade(extension)),
        Passed(extension, ProbeKind.Concurrent, 1, BothChecksMade(extension)),
        Passed(extension, ProbeKind.Again, 1, BothChecksMade(extension)),
        Passed(extension, ProbeKind.Again, 2, BothChecksMade(extension)),
    ];

    public static ProbeResult Refused(string extension, string message) =>
        new(new Probe(extension, ProbeKind.Import, 0), new ModuleResult
        {
            Module = $"test_{extension}_import_0", Path = "p.py", Mode = InterpreterMode.Isolated, Verdict = Verdict.Unsafe,
            UnsafeImports = [new UnsafeImport(extension, "ImportError: " + message)],
        });

    public static ProbeResult Crashed(string extension, ProbeKind kind, IReadOnlyList<string>? beside = null) =>
        new(new Probe(extension, kind, 1), new ModuleResult
        {
            Module = $"test_{extension}_{kind}_1", Path = "p.py", Mode = InterpreterMode.Legacy, Verdict = Verdict.Crashed,
            Crash = new CrashInfo("SIGSEGV", 139, null, null, null, "the worker was killed by SIGSEGV (signal 11)") { Alongside = beside is null ? null : ["other"] },
        }, beside);
}
