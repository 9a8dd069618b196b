using Subinterp.Runtime.Comparison;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Tests.Comparison;

/// <summary>Each failure in a subinterpreter next to the same test in a plain process.</summary>
public sealed class ComparisonLabelsTests
{
    private static ModuleResult Module(Verdict verdict, params (string Id, TestOutcome Outcome)[] tests) => new()
    {
        Module = "test_m", Path = "test_m.py", Mode = InterpreterMode.Isolated, Verdict = verdict,
        Tests = [.. tests.Select(t => new TestResult { Id = t.Id, Outcome = t.Outcome })],
    };

    [Fact]
    public void A_failure_that_passes_in_a_process_is_subinterpreter_only_and_one_that_fails_there_too_is_also_in_process()
    {
        var sub = Module(Verdict.Failed, ("a", TestOutcome.Error), ("b", TestOutcome.Failed), ("c", TestOutcome.Passed));
        var process = Module(Verdict.Failed, ("a", TestOutcome.Passed), ("b", TestOutcome.Failed));

        var published = System.Text.Json.JsonSerializer.Serialize(sub);
        var comparison = ComparisonLabels.Apply(sub, process, 12);

        Assert.Equal([ProcessComparison.SubinterpreterOnly, ProcessComparison.AlsoInProcess, null], sub.WithComparison(comparison).Tests.Select(t => t.Comparison));
        // The comparison is its own: the result it compares is only read.
        Assert.Equal(published, System.Text.Json.JsonSerializer.Serialize(sub));
        Assert.Null(sub.Comparison);
        Assert.Equal((ProcessComparison.Mixed, 1, 1, Verdict.Failed), (comparison.Label, comparison.SubinterpreterOnlyCount, comparison.AlsoInProcessCount, comparison.Verdict));
    }

    [Fact]
    public void An_import_refused_only_in_a_subinterpreter_is_a_module_level_subinterpreter_only_failure()
    {
        var sub = Module(Verdict.Unsafe);
        sub.Error = new ModuleError("import", "ImportError: module _x does not support loading in subinterpreters", null);
        sub.UnsafeImports.Add(new UnsafeImport("_x", "module _x does not support loading in subinterpreters") { Broke = [UnsafeImport.ModuleImport] });
        var process = Module(Verdict.Passed, ("test_m.T.test", TestOutcome.Passed));

        var comparison = ComparisonLabels.Apply(sub, process, 5);

        Assert.Equal(ProcessComparison.SubinterpreterOnly, comparison.Label);
        Assert.StartsWith("import error (ImportError: module _x does not support loading in subinterpreters) only in a subinterpreter", comparison.Module);
    }

    [Fact]
    public void A_module_that_cannot_be_imported_in_a_process_either_fails_every_test_there_too()
    {
        var sub = Module(Verdict.Crashed, ("a", TestOutcome.Crashed), ("b", TestOutcome.NotRun));
        sub.Crash = new CrashInfo("SIGSEGV", -11, "a", null, null, "the worker was killed by SIGSEGV (signal 11)");
        var process = Module(Verdict.Error);
        process.Error = new ModuleError("import", "ModuleNotFoundError: No module named 'x'", null);

        var comparison = ComparisonLabels.Apply(sub, process, 5);

        Assert.All(sub.WithComparison(comparison).Tests, t => Assert.Equal(ProcessComparison.AlsoInProcess, t.Comparison));
        Assert.Equal(ProcessComparison.AlsoInProcess, comparison.Label);
        Assert.Contains("in a process: import error", comparison.Module);
    }
}
