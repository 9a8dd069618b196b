namespace Subinterp.Runtime.Results;

/// <summary>One module-level finding in words: a one-line title, and the evidence behind it.</summary>
/// <param name="Kind">crash, timeout, error, unsafe, leak, or shared-gil (information: legacy mode only).</param>
/// <param name="Test">The test it happened in, where that is part of the finding (a crash).</param>
public sealed record ModuleFinding(string Kind, string Title, string? Evidence, string? Test = null)
{
    /// <summary>What it is traced to; findings with one cause are grouped under it (<see cref="FindingGroups"/>).</summary>
    public FindingCause? Cause { get; init; }

    /// <summary>"CRASHED   pkg.test_x in pkg.test_x.T.test_b: the worker was killed by SIGSEGV (signal 11)".</summary>
    public string Line(string module) => $"{Label,-9} {Sentence(module)[(Label.Length + 1)..]}";

    /// <summary>The same without the column padding: "CRASHED pkg.test_x in ...: ...", for reports and test results.</summary>
    public string Sentence(string module) => $"{Label} {module}{(Test is null ? "" : $" in {Test}")}: {Title}";

    /// <summary>The label the console puts before it.</summary>
    public string Label => Kind switch
    {
        "crash" => "CRASHED",
        "timeout" => "TIMED OUT",
        "error" => "ERROR",
        "unsafe" => "UNSAFE",
        "shared-gil" => "NEEDS GIL",
        "effect" => "EFFECT",
        _ => "LEAKED",
    };

    /// <summary>Said for information; does not make the module fail.</summary>
    public bool IsInformation => Kind == "shared-gil";
}

/// <summary>
/// The one wording of a module's findings (crash, timeout, error, unsafe import, leak), most
/// severe first, used by the console summary, the JUnit report and the test adapter alike.
/// </summary>
public static class ModuleFindings
{
    public static IReadOnlyList<ModuleFinding> Of(ModuleResult module)
    {
        var findings = new List<ModuleFinding>();
        if (module.Crash is { } crash)
        {
            var evidence = new List<string>();
            if (crash.Signal is not null || crash.ExitCode != 0)
            {
                evidence.Add(crash.Signal is { } signal ? $"signal: {signal} (exit code {crash.ExitCode})" : $"exit code: {crash.ExitCode}");
            }
            AddIf(evidence, crash.Traceback);
            AddIf(evidence, crash.StderrTail is { } tail ? $"stderr (last lines):\n{tail}" : null);
            findings.Add(new ModuleFinding("crash", crash.Reason, Join(evidence), crash.Test) { Cause = FindingCause.Crash(module, crash) });
        }
        if (module.Timeout is { } timeout)
        {
            findings.Add(new ModuleFinding("timeout", $"after {timeout.LimitSeconds:0.###} s{In(timeout.Test)}", timeout.Stacks) { Cause = FindingCause.Timeout(module) });
        }
        // An import broken by a refused extension module is said by the unsafe finding.
        if (module.Error is { Kind: not "fixture" } error && !VerdictRules.BrokenByUnsafeImport(module))
        {
            findings.Add(new ModuleFinding("error", $"{error.Kind}: {FirstLine(error.Message)}", error.Traceback ?? (error.Message.Contains('\n') ? error.Message : null))
            {
                Cause = FindingCause.Error(error),
            });
        }
        foreach (var unsafeImport in module.UnsafeImports)
        {
            var via = unsafeImport.ImportedBy is { } by && by != module.Module ? $" (imported by {by})" : "";
            var broke = unsafeImport.Broke.Count == 0 ? "" : "; broke " + string.Join(", ", unsafeImport.Broke.Select(Broken));
            findings.Add(new ModuleFinding("unsafe", $"imports {unsafeImport.Module}{via}: {FirstLine(unsafeImport.Error)}{broke}", unsafeImport.Error)
            {
                Cause = FindingCause.Unsafe(unsafeImport.Module),
            });
        }
        foreach (var sharedGil in module.SharedGilImports ?? [])
        {
            var via = sharedGil.ImportedBy is { } by && by != module.Module ? $" (imported by {by})" : "";
            findings.Add(new ModuleFinding("shared-gil", $"{sharedGil.Module}{via} loaded only because the GIL is shared: {sharedGil.Reason}", null)
            {
                Cause = FindingCause.SharedGil(sharedGil.Module),
            });
        }
        foreach (var leak in module.Leaks)
        {
            findings.Add(new ModuleFinding("leak", $"{leak.Kind}: {leak.Detail}", null) { Cause = FindingCause.Leak(leak) });
        }
        return findings;
    }

    /// <summary>Everything about the failing findings as one text: each title, then its evidence.</summary>
    public static string Describe(string module, IEnumerable<ModuleFinding> findings) =>
        string.Join("\n\n", findings.Select(f => f.Evidence is null ? f.Sentence(module) : $"{f.Sentence(module)}\n{f.Evidence}"));

    public static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].TrimEnd();
        return line.Length > 200 ? line[..200] + "..." : line;
    }

    private static string Broken(string what) => what == UnsafeImport.ModuleImport ? "the module's import" : what;

    private static string In(string? test) => test is null ? "" : $" in {test}";

    private static void AddIf(List<string> parts, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            parts.Add(text.TrimEnd());
        }
    }

    private static string? Join(List<string> parts) => parts.Count == 0 ? null : string.Join("\n\n", parts);
}
