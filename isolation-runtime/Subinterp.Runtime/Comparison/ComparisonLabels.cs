using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Comparison;

/// <summary>
/// Puts a module's subinterpreter result next to its plain-process result: each failing test is
/// <c>subinterpreter-only</c> when it passed (or skipped) in the process, <c>also-in-process</c>
/// when it failed there too; a module-level failure (import error, crash, timeout, a refused
/// extension that broke the import) likewise. The result is only read: the labels are the comparison's.
/// </summary>
internal static class ComparisonLabels
{
    public static ProcessComparison Apply(ModuleResult subinterpreter, ModuleResult process, double durationMs)
    {
        var processTests = process.Tests.GroupBy(test => test.Id, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Last(), StringComparer.Ordinal);
        // A process that could not import or run the module fails every one of its tests too.
        var processBroken = ModuleProblem(process) is not null && process.Tests.Count == 0;
        int only = 0, also = 0;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var test in subinterpreter.Tests.Where(test => VerdictRules.IsFailure(test.Outcome)))
        {
            bool? failsInProcess = processTests.TryGetValue(test.Id, out var there) ? VerdictRules.IsFailure(there.Outcome)
                : processBroken ? true
                : null; // the process never got to it (it stopped earlier): no answer
            if (failsInProcess is { } fails)
            {
                labels[test.Id] = fails ? ProcessComparison.AlsoInProcess : ProcessComparison.SubinterpreterOnly;
                (fails ? ref also : ref only)++;
            }
        }
        string? module = null;
        string? moduleLabel = null;
        if (ModuleProblem(subinterpreter) is { } problem)
        {
            var inProcess = ModuleProblem(process);
            module = inProcess is null ? $"{problem} only in a subinterpreter: in a process the module ran ({ResultNames.Of(process.Verdict)})" : $"{problem}; in a process: {inProcess}";
            moduleLabel = inProcess is null ? ProcessComparison.SubinterpreterOnly : ProcessComparison.AlsoInProcess;
            (inProcess is null ? ref only : ref also)++;
        }
        else if (subinterpreter.UnsafeImports.Count > 0)
        {
            only++; // a process never refuses an extension module
        }
        return new ProcessComparison
        {
            Verdict = process.Verdict,
            Label = only > 0 && also > 0 ? ProcessComparison.Mixed : also > 0 ? ProcessComparison.AlsoInProcess : ProcessComparison.SubinterpreterOnly,
            SubinterpreterOnlyCount = only,
            AlsoInProcessCount = also,
            Module = module,
            ModuleLabel = moduleLabel,
            DurationMs = durationMs,
            Tests = labels,
        };
    }

    /// <summary>What kept the module from running its tests normally, or null.</summary>
    private static string? ModuleProblem(ModuleResult result) =>
        result.Crash is { } crash ? $"crashed ({crash.Reason})"
        : result.Timeout is { } timeout ? $"timed out after {timeout.LimitSeconds} s"
        : result.Error is { Kind: not "fixture" } error ? $"{error.Kind} error ({error.Message.Split('\n', 2)[0]})"
        : null;
}
