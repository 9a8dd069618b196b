using System.Text;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Cells;

/// <summary>
/// Decides one cell from the runtime's verdicts and findings on the module's probes, most severe
/// first: a crash (signal, faulthandler stack), a hang, the module's own refusal, a refused
/// dependency or another import error, a failing check, a leak; else ok. The evidence quotes what
/// the runtime reported.
/// </summary>
public static class CellJudge
{
    private const int TracebackLines = 25;

    public static Judgement Judge(string extension, IReadOnlyList<ProbeResult> probes)
    {
        var judgement = JudgeProbes(extension, probes);
        var others = probes.Where(p => p.Result.Crash is not null && !p.CrashIsItsOwn).ToList();
        return others.Count == 0 ? judgement : judgement with
        {
            Evidence = judgement.Evidence + "\nnot counted against it: " + string.Join("; ", others.Select(p =>
                $"the worker crashed while it was {p.Probe.Describe()} beside a probe of {string.Join(", ", p.CrashedBeside!.Distinct())}, and run alone it did not crash")),
        };
    }

    private static Judgement JudgeProbes(string extension, IReadOnlyList<ProbeResult> probes)
    {
        if (probes.Count == 0)
        {
            return new Judgement(CellStatus.NotApplicable, "not probed");
        }
        var refusal = probes.SelectMany(p => p.Result.UnsafeImports).FirstOrDefault(u => Names(u.Module, extension));
        if (probes.FirstOrDefault(p => p.CrashIsItsOwn) is { } crashed)
        {
            return new Judgement(CellStatus.Crashes, Crash(crashed, refusal ?? crashed.Result.UnsafeImports.FirstOrDefault()))
            {
                Crashed = crashed, Refusal = refusal?.Error,
            };
        }
        if (probes.FirstOrDefault(p => p.Result.Timeout is not null) is { } hung)
        {
            var timeout = hung.Result.Timeout!;
            return new Judgement(CellStatus.Broken, $"{hung.Probe.Describe()}: hung, stopped after {timeout.LimitSeconds:0.#} s{Block("stacks", timeout.Stacks)}") { Hung = true };
        }
        var leaks = Leaks(extension, probes);
        var kinds = leaks.Select(l => l.Kind).Distinct(StringComparer.Ordinal).ToList();
        if (refusal is not null)
        {
            var evidence = $"refused: {refusal.Error}";
            if (leaks.Count > 0)
            {
                evidence += "\nits initialisation ran before the refusal and changed the process anyway:\n" + string.Join('\n', leaks.Select(l => l.Text));
            }
            return new Judgement(CellStatus.Refused, evidence) { Refusal = refusal.Error, LeakKinds = kinds };
        }
        if (probes.SelectMany(p => p.Result.UnsafeImports).FirstOrDefault() is { } dependency)
        {
            return new Judgement(CellStatus.Broken, $"needs {dependency.Module}{(dependency.ImportedBy is { } by ? $" (imported by {by})" : "")}, which is refused: {dependency.Error}")
            {
                Dependency = dependency,
            };
        }
        if (probes.FirstOrDefault(p => p.Result.Error is not null) is { } failed)
        {
            var error = failed.Result.Error!;
            if (NotFound(error, extension))
            {
                return new Judgement(CellStatus.NotApplicable, $"not found: {error.Message}");
            }
            var alsoInProcess = failed.Result.Comparison?.Label == ProcessComparison.AlsoInProcess;
            var where = failed.Result.Comparison is { } comparison
                ? alsoInProcess ? $"\nit fails in a plain process of the same Python too: {comparison.Module ?? ResultNames.Of(comparison.Verdict)}" : "\nin a plain process of the same Python it imports"
                : "";
            return new Judgement(CellStatus.Broken, $"{failed.Probe.Describe()}: {error.Kind} error: {error.Message}{where}{Block("traceback", Tail(error.Traceback))}")
            {
                AlsoInPlainProcess = alsoInProcess,
            };
        }
        if (probes.SelectMany(p => p.Result.Tests.Select(t => (p.Probe, p.Result, Test: t))).FirstOrDefault(t => VerdictRules.IsFailure(t.Test.Outcome)) is { Test: not null } failing)
        {
            return new Judgement(CellStatus.Broken, $"{failing.Probe.Describe()}: {ResultNames.Of(failing.Test.Outcome)}: {failing.Test.Message}{Block("traceback", Tail(failing.Test.Traceback))}")
            {
                AlsoInPlainProcess = failing.Result.Comparison?.Label == ProcessComparison.AlsoInProcess,
            };
        }
        if (leaks.Count > 0)
        {
            return new Judgement(CellStatus.Leaks, string.Join('\n', leaks.Select(l => l.Text)) + NotChecked(ChecksMade.NotMade(extension, probes))) { LeakKinds = kinds };
        }
        return new Judgement(CellStatus.Ok, Ok(extension, probes));
    }

    /// <summary>The module itself, or the package it lives in, was refused.</summary>
    private static bool Names(string refused, string extension) =>
        refused == extension || extension.StartsWith(refused + ".", StringComparison.Ordinal);

    private static bool NotFound(ModuleError error, string extension)
    {
        if (error.Kind != "import" || !error.Message.StartsWith("ModuleNotFoundError", StringComparison.Ordinal))
        {
            return false;
        }
        var parts = extension.Split('.');
        return Enumerable.Range(1, parts.Length).Any(n => error.Message.Contains($"'{string.Join('.', parts.Take(n))}'", StringComparison.Ordinal));
    }

    private static string Crash(ProbeResult crashed, UnsafeImport? refusal)
    {
        var crash = crashed.Result.Crash!;
        var text = new StringBuilder($"{crashed.Probe.Describe()}: {crash.Reason}");
        if (refusal is not null)
        {
            text.Append($"\nrefused first{(refusal.ImportedBy is { } by ? $" (imported by {by})" : "")}: {refusal.Error}");
        }
        text.Append(Block("faulthandler", Tail(crash.Traceback)));
        if (crash.Traceback is null)
        {
            text.Append(Block("stderr", Tail(crash.StderrTail)));
        }
        return text.ToString();
    }

    /// <summary>
    /// What the probes saw change, the changes an extension's initialisation made included: a run
    /// reports those as the extension's effect rather than a module's leak, and here the extension
    /// is what is being judged (a dependency's are named as its). A library's own descriptor, taken
    /// once per process (libffi's, when _ctypes initialises on 3.14+), is not shared state.
    /// </summary>
    private static List<(string Kind, string Text)> Leaks(string extension, IReadOnlyList<ProbeResult> probes) =>
        probes.SelectMany(p => p.Result.Leaks.Select(leak => (leak.Kind, Text: $"{leak.Kind}: {leak.Detail}"))
                .Concat((p.Result.ExtensionEffects ?? []).SelectMany(effect => effect.Changes.Where(change => !KnownCauses.IsLibrarysOwnDescriptor(change)).Select(change =>
                    (change.Kind, Text: $"{change.Kind}: {change.Detail}{(Names(effect.Extension, extension) ? "" : $" (in {effect.Extension}'s initialisation)")}")))))
            .DistinctBy(l => l.Text, StringComparer.Ordinal).ToList();

    /// <summary>What the probes showed, claiming only the checks that were made and naming the others.</summary>
    private static string Ok(string extension, IReadOnlyList<ProbeResult> probes)
    {
        var concurrent = probes.Count(p => p.Probe.Kind == ProbeKind.Concurrent);
        var again = probes.Count(p => p.Probe.Kind == ProbeKind.Again);
        var lifecycles = probes.FirstOrDefault(p => p.Probe.Kind == ProbeKind.Lifecycles)?.Result.Lifecycles?.Count;
        var parts = new List<string> { "1 alone" };
        if (concurrent > 0)
        {
            var overlapped = !probes.SelectMany(p => p.Result.Tests).Any(t => t.Outcome == TestOutcome.Skipped && (t.Message ?? "").Contains(ProbeSource.AloneMessage, StringComparison.Ordinal));
            parts.Add(overlapped ? $"{concurrent} at the same moment" : $"{concurrent} meant to overlap that did not meet");
        }
        if (again > 0)
        {
            parts.Add($"{again} more one after another");
        }
        var found = new List<string>();
        if (lifecycles is > 0)
        {
            found.Add($"{lifecycles} lifecycles under the lifecycle meter showed no growth");
        }
        if (ChecksMade.Made(extension, probes, CrossCheck.SharedObject))
        {
            found.Add("no object shared between interpreters");
        }
        if (ChecksMade.Made(extension, probes, CrossCheck.CarryOver))
        {
            found.Add("no state carried over");
        }
        found.Add("no change to the process");
        var text = $"imported in {1 + concurrent + again} fresh interpreters ({string.Join(", ", parts)}); {string.Join(", ", found)}";
        var sharedGil = probes.SelectMany(p => p.Result.SharedGilImports ?? []).FirstOrDefault(s => s.Module == extension);
        if (sharedGil is not null)
        {
            text += $"; loaded only because the GIL is shared: {sharedGil.Reason}";
        }
        return text + NotChecked(ChecksMade.NotMade(extension, probes));
    }

    /// <summary>The checks not made, one per line, for the evidence.</summary>
    internal static string NotChecked(IReadOnlyList<string> missing) =>
        missing.Count == 0 ? "" : "\nnot checked:\n" + string.Join('\n', missing.Select(m => "- " + m));

    private static string? Tail(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var lines = text.TrimEnd().Split('\n');
        return lines.Length <= TracebackLines ? string.Join('\n', lines) : string.Join('\n', ["...", .. lines[^TracebackLines..]]);
    }

    private static string Block(string title, string? text) => text is null ? "" : $"\n{title}:\n{text}";
}
