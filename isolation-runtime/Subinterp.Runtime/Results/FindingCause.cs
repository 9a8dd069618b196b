using System.Text.RegularExpressions;

namespace Subinterp.Runtime.Results;

/// <summary>
/// The root cause a finding is traced to, so that findings with one cause are said once: an
/// extension module refused in every module that imports it, objects of one extension shared by
/// interpreters, the same process change, two modules that crash only side by side, a known CPython
/// defect. A finding nothing else shares has a cause of its own (its module).
/// </summary>
/// <param name="Key">Equal for findings with the same cause ("unsafe:simplejson._speedups").</param>
/// <param name="Title">The cause in words, for a heading ("simplejson._speedups is refused in an isolated subinterpreter").</param>
public sealed partial record FindingCause(string Key, string Title)
{
    public static FindingCause Crash(ModuleResult module, CrashInfo crash)
    {
        if (crash.Alongside is { Count: > 0 } others)
        {
            var together = others.Append(module.Module).Order(StringComparer.Ordinal).ToList();
            return new($"crash-together:{string.Join("+", together)}", $"{Names(together)} crash the interpreter only when they run side by side");
        }
        if (CpythonIssue().Match(crash.Reason) is { Success: true } issue)
        {
            return new($"cpython:{issue.Value}", $"a known CPython defect ({issue.Value})");
        }
        return new($"crash:{module.Module}:{module.Mode.Name()}", $"{module.Module} crashes the interpreter");
    }

    public static FindingCause Timeout(ModuleResult module) => new($"timeout:{module.Module}:{module.Mode.Name()}", $"{module.Module} runs past its time limit");

    /// <summary>The same import or collection error (a missing dependency) in several modules is one cause.</summary>
    public static FindingCause Error(ModuleError error)
    {
        var message = ModuleFindings.FirstLine(error.Message);
        // "not run: the worker was restarted 8 times" says its kind already.
        var title = error.Kind == "not-run" ? message : $"{error.Kind} error: {message}";
        return new($"error:{error.Kind}:{message}", title);
    }

    public static FindingCause Unsafe(string extension) => new($"unsafe:{extension}", $"{extension} is refused in an isolated subinterpreter");

    public static FindingCause SharedGil(string extension) => new($"shared-gil:{extension}", $"{extension} loads only under a shared GIL");

    public static FindingCause Absorbed(string extension) => new($"absorbed:{extension}", $"{extension} is refused and the code that imported it fell back");

    /// <summary>
    /// An extension's objects shared by two interpreters and its state carried into the next one are
    /// one cause: its per-process state (keyed on the top-level name, as the probe names objects).
    /// Other leaks are one cause when they change the same thing: the same text, numbers aside.
    /// </summary>
    // The worker's words for descriptors a refused os.fork() left (Leaks/Attribution/RefusedForkRule).
    private const string RefusedFork = "left open when os.fork";

    public static FindingCause Leak(LeakFinding leak)
    {
        if (leak.Kind is "shared-object" or "carry-over")
        {
            var owner = ObjectOwner().Match(leak.Detail).Value;
            return new($"extension-state:{owner}", $"{owner} keeps per-process state that interpreters share");
        }
        if (leak.Detail.Contains(RefusedFork, StringComparison.Ordinal))
        {
            return new("refused-fork", "os.fork() is refused in an isolated subinterpreter, and what the caller made for the child stays open");
        }
        return new($"leak:{leak.Kind}:{Digits().Replace(leak.Detail, "#")}", $"{leak.Kind}: {leak.Detail}");
    }

    private static string Names(IReadOnlyList<string> names) =>
        names.Count <= 2 ? string.Join(" and ", names) : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";

    [GeneratedRegex(@"gh-\d+")]
    private static partial Regex CpythonIssue();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ObjectOwner();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
