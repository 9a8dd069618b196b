using System.Text.Json.Serialization;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Reports;

/// <summary>
/// What the HTML report's script shows, computed here so that the page says findings in the one
/// wording (<see cref="ModuleFindings"/>, <see cref="FindingGroups"/>) and the script only lays
/// them out. Embedded in the page as JSON; every string is shown as text, never as markup.
/// </summary>
internal sealed record HtmlReportModel(
    string Title, string Generated, PythonInfo Python, string Mode, string Engine, int Jobs, double DurationMs, int ExitCode, string ExitMeaning,
    bool Cancelled, RunSummary Summary, ShardInfo? Shard, IReadOnlyList<HtmlShard> Shards, IReadOnlyList<HtmlFinding> Findings, IReadOnlyList<HtmlModule> Modules,
    IReadOnlyList<SlotBusy> Slots)
{
    public static HtmlReportModel Of(RunReport report, DateTimeOffset generated)
    {
        var shardOf = (report.Shards ?? [])
            .SelectMany(shard => shard.Modules.Select(module => (module, shard.Index)))
            .GroupBy(entry => entry.module, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Index, StringComparer.Ordinal);
        var both = report.Mode == Orchestration.RunPlan.BothModes;
        var modules = report.Modules.Select((module, index) => HtmlModule.Of(module, index, both ? $"{module.Module} [{module.Mode.Name()}]" : module.Module,
            shardOf.TryGetValue(module.Module, out var shard) ? shard : null)).ToList();
        var byName = modules.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Index, StringComparer.Ordinal);
        var title = $"Subinterp report: {report.Summary.Modules} modules, CPython {report.Python.Version}, {report.Mode}";
        return new HtmlReportModel(title, generated.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture),
            report.Python, report.Mode, report.Engine, report.Jobs, report.DurationMs, report.ExitCode, ExitCodes.Meaning(report), report.Cancelled, report.Summary,
            report.Shard, [.. (report.Shards ?? []).Select(s => new HtmlShard(s.Index, s.Count, s.Report, s.Python.Version, s.Mode, s.Jobs, s.DurationMs))],
            [.. report.Findings.Select(group => HtmlFinding.Of(group, byName))], modules, report.Slots);
    }
}

internal sealed record HtmlShard(int Index, int Count, string Report, string Python, string Mode, int Jobs, double DurationMs);

/// <param name="Modules">Indexes into the model's modules.</param>
internal sealed record HtmlFinding(string Kind, string Label, string Title, string Headline, bool Information, IReadOnlyList<int> Modules, IReadOnlyList<string> Tests,
    string? Evidence, FallbackRun? Fallback, IReadOnlyList<string> Lines)
{
    public static HtmlFinding Of(FindingGroup group, IReadOnlyDictionary<string, int> moduleIndex) =>
        new(group.Kind, group.Label, group.Cause.Title, group.Headline + FindingLines.Status(group), group.IsInformation,
            [.. group.Modules.Where(moduleIndex.ContainsKey).Select(name => moduleIndex[name])], group.Tests, group.Evidence, group.Fallback, [.. FindingLines.Of(group)]);
}

/// <param name="Start">When its interpreter was created, in seconds on the run's monotonic clock (null: it did not run).</param>
/// <param name="End">When its interpreter was ended; for one that never ended (its worker died or was stopped), when the module's time ran out.</param>
/// <param name="Unended">Its interpreter never ended: the bar's end is when the worker stopped reporting.</param>
/// <param name="Shard">The shard it ran in (a merged report): timelines are per shard, each machine has its own clock.</param>
/// <param name="Phases">Where its time on the slot went ("waited 2 ms, open 1 ms, create 9 ms, run 310 ms ..."), or null.</param>
internal sealed record HtmlModule(int Index, string Name, string Module, string Path, string Mode, string Verdict, double DurationMs, int? Slot, int? Cpu, long? Interpreter,
    double? Start, double? End, bool Unended, int? Shard, IReadOnlyList<HtmlModuleFinding> Findings, IReadOnlyList<HtmlTest> Tests, IReadOnlyList<string> Notes,
    string? Phases)
{
    public static HtmlModule Of(ModuleResult module, int index, string name, int? shard)
    {
        var interpreter = module.Interpreter;
        // The bar is the interpreter's life: from its creation to its end around the module's own run.
        double? start = interpreter?.Start is { } s ? s - interpreter.CreateMs / 1000 : null;
        double? end = interpreter?.End is { } e ? e + (interpreter.EndMs ?? 0) / 1000 : null;
        // A crash or a stopped worker leaves no end: the module's measured time is the best bound (it is when the orchestrator gave up on it).
        var unended = start is not null && end is null;
        if (unended)
        {
            end = start + Math.Max(module.DurationMs - interpreter!.CreateMs, 1) / 1000;
        }
        var notes = new List<string>();
        notes.AddRange((module.AbsorbedImports ?? []).Select(a => $"absorbed import: {a.ImportedBy ?? "the stdlib"} caught the refusal of {a.Module} and fell back ({ModuleFindings.FirstLine(a.Error)})"));
        return new HtmlModule(index, name, module.Module, module.Path, module.Mode.Name(), ResultNames.Of(module.Verdict), module.DurationMs,
            interpreter?.Slot, interpreter?.Cpu, interpreter?.Id, start, end, unended, shard,
            [.. ModuleFindings.Of(module).Select(f => new HtmlModuleFinding(f.Kind, f.Label, f.Sentence(name), f.Evidence, f.IsInformation))],
            [.. module.Tests.Select(HtmlTest.Of)], notes, PhasesOf(interpreter));
    }

    private static string? PhasesOf(InterpreterInfo? interpreter) => interpreter?.Phases is not { } p ? null : string.Join(", ",
        new (string Name, double? Ms)[]
        {
            ("waited before it", p.WaitedMs), ("read the process", p.OpenMs + p.CloseMs), ("create", interpreter.CreateMs), ("run", p.RunMs),
            ("of it in the worker's hooks", p.HooksMs), ("other threads", p.ThreadsMs), ("probe", p.ProbeMs), ("end", interpreter.EndMs),
        }.Where(phase => phase.Ms is > 0.05).Select(phase => $"{phase.Name} {phase.Ms!.Value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} ms"));
}

internal sealed record HtmlModuleFinding(string Kind, string Label, string Sentence, string? Evidence, bool Information);

internal sealed record HtmlTest(string Id, string Outcome, double DurationMs, string? Message, string? Traceback, string? Stdout, string? Stderr, string? File, int? Line,
    IReadOnlyList<HtmlSubtest>? Subtests)
{
    public static HtmlTest Of(TestResult test) => new(test.Id, ResultNames.Of(test.Outcome), test.DurationMs, test.Message, test.Traceback, test.Stdout, test.Stderr,
        test.File, test.Line, test.Subtests?.Select(s => new HtmlSubtest(s.Description, ResultNames.Of(s.Outcome), s.Message, s.Traceback)).ToList());
}

internal sealed record HtmlSubtest(string Description, string Outcome, string? Message, string? Traceback);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HtmlReportModel))]
internal sealed partial class HtmlReportJsonContext : JsonSerializerContext;
