using System.Globalization;
using System.Text;
using System.Xml;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Reports;

/// <summary>
/// JUnit XML in the dialect GitHub, GitLab and Jenkins all read: one testsuite per module,
/// failure / error / skipped distinguished, captured output in system-out / system-err.
/// Module-level findings (crash, timeout, import error, unsafe import, leak) become a synthetic
/// test case named after the module so that CI dashboards show them, when they fail the run
/// (allowed ones and those --fail-on does not count are properties); a cause several modules share
/// (an extension refused in all of them, one leak cause, a pair that crashes together) is one test
/// case of the "findings by cause" suite instead, and each module it affected names it in a
/// property. Extension modules' initialisation effects are one suite of their own, one case each.
/// A failure compared in a plain process says subinterpreter-only or also-in-process in its
/// message and a property.
/// </summary>
public static class JUnitReportWriter
{
    public static void Write(RunReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = false };
        var staging = path + ".tmp";
        using (var writer = XmlWriter.Create(staging, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("testsuites");
            writer.WriteAttributeString("name", "subinterp");
            var effects = report.Findings.Where(g => g.Kind == FindingGroups.Effect).SelectMany(g => g.Judged).ToList();
            var shared = report.Findings.Where(group => group.Modules.Count > 1 && group.Kind != FindingGroups.Effect).ToList();
            var sharedKeys = shared.Select(group => group.Cause.Key).ToHashSet(StringComparer.Ordinal);
            var causes = shared.Where(group => !group.IsInformation).Select(CauseCase).ToList();
            WriteCounts(writer, [.. report.Modules.SelectMany(module => Cases(report, module, sharedKeys)), .. causes, .. effects.Select(EffectCase)], report.DurationMs);
            foreach (var module in report.Modules)
            {
                WriteSuite(writer, report, module, report.Modules.Count(m => m.Module == module.Module && m.Path == module.Path) > 1, sharedKeys);
            }
            if (causes.Count > 0)
            {
                WriteCauses(writer, causes);
            }
            if (effects.Count > 0)
            {
                WriteEffects(writer, effects);
            }
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        File.Move(staging, path, overwrite: true);
    }

    /// <summary>One test case per cause several modules share, in a suite of its own.</summary>
    private static void WriteCauses(XmlWriter writer, List<(TestResult Test, string? Kind, string? Message, string? Detail)> causes)
    {
        writer.WriteStartElement("testsuite");
        writer.WriteAttributeString("name", CausesSuite);
        WriteCounts(writer, causes, 0);
        foreach (var (test, kind, message, detail) in causes)
        {
            writer.WriteStartElement("testcase");
            writer.WriteAttributeString("name", test.Id);
            writer.WriteAttributeString("classname", CausesSuite);
            writer.WriteAttributeString("time", Seconds(0));
            if (kind is null)
            {
                writer.WriteElementString("system-out", Clean($"{message}\n\n{detail}"));
            }
            else
            {
                writer.WriteStartElement(kind);
                writer.WriteAttributeString("message", Clean(message ?? ""));
                writer.WriteAttributeString("type", test.Message ?? "");
                writer.WriteString(Clean(detail ?? ""));
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    /// <summary>The name of the suite that holds the causes several modules share.</summary>
    public const string CausesSuite = "findings by cause";

    /// <summary>A cause that does not fail the run (allowed, or not among --fail-on's) is a passing case that says so.</summary>
    private static (TestResult, string?, string?, string?) CauseCase(FindingGroup group)
    {
        var quiet = group.Judged.Count > 0 && !group.Fails;
        var test = new TestResult { Id = group.Cause.Title, Outcome = quiet ? TestOutcome.Passed : TestOutcome.Error, Message = group.Kind };
        return (test, quiet ? null : "error", group.Headline + FindingLines.Status(group), FindingLines.Text(group));
    }

    /// <param name="nameMode">The module runs in several modes (--mode both): suite names say which.</param>
    /// <param name="sharedCauses">Causes several modules share: said once, in the findings suite.</param>
    private static void WriteSuite(XmlWriter writer, RunReport report, ModuleResult module, bool nameMode, IReadOnlySet<string> sharedCauses)
    {
        var cases = Cases(report, module, sharedCauses).ToList();
        writer.WriteStartElement("testsuite");
        writer.WriteAttributeString("name", nameMode ? $"{module.Module} [{module.Mode.Name()}]" : module.Module);
        WriteCounts(writer, cases, module.DurationMs);
        writer.WriteAttributeString("file", module.Path);
        writer.WriteStartElement("properties");
        WriteProperty(writer, "verdict", ResultNames.Of(module.Verdict));
        WriteProperty(writer, "mode", module.Mode.Name());
        foreach (var sharedGil in module.SharedGilImports ?? [])
        {
            WriteProperty(writer, "shared-gil-import", $"{sharedGil.Module}: {sharedGil.Reason}");
        }
        foreach (var absorbed in module.AbsorbedImports ?? [])
        {
            WriteProperty(writer, "absorbed-import", $"{absorbed.Module} (imported by {absorbed.ImportedBy}): {absorbed.Error}");
        }
        foreach (var finding in ModuleFindings.Of(module).Where(f => !f.IsInformation && f.Cause is { } cause && sharedCauses.Contains(cause.Key)))
        {
            WriteProperty(writer, "finding", $"{finding.Sentence(module.Module)} (one cause with other modules: \"{finding.Cause!.Title}\" in the \"{CausesSuite}\" suite)");
        }
        foreach (var finding in NotFailing(report, module))
        {
            WriteProperty(writer, "finding", $"{finding.Kind}: {finding.Detail} ({(finding.Allowed is { } reason ? $"allowed: {reason}" : $"{finding.Origin}: does not fail the run")})");
        }
        if (module.Comparison is { } comparison)
        {
            WriteProperty(writer, "comparison", $"{comparison.Label} ({ResultNames.Of(comparison.Verdict)} in a plain process)");
        }
        writer.WriteEndElement();
        foreach (var (test, kind, message, detail) in cases)
        {
            WriteCase(writer, module, test, kind, message, detail);
        }
        writer.WriteEndElement();
    }

    private static void WriteCase(XmlWriter writer, ModuleResult module, TestResult test, string? kind, string? message, string? detail)
    {
        var lastDot = test.Id.LastIndexOf('.');
        writer.WriteStartElement("testcase");
        writer.WriteAttributeString("name", lastDot > 0 && test.Id.StartsWith(module.Module + ".", StringComparison.Ordinal) ? test.Id[(module.Module.Length + 1)..] : test.Id);
        writer.WriteAttributeString("classname", lastDot > 0 ? test.Id[..lastDot] : module.Module);
        writer.WriteAttributeString("time", Seconds(test.DurationMs));
        writer.WriteAttributeString("file", test.File ?? module.Path);
        if (test.Line is { } line)
        {
            writer.WriteAttributeString("line", line.ToString(CultureInfo.InvariantCulture));
        }
        if (test.Comparison is { } label)
        {
            writer.WriteStartElement("properties");
            WriteProperty(writer, "comparison", label);
            writer.WriteEndElement();
        }
        if (kind is not null)
        {
            writer.WriteStartElement(kind);
            writer.WriteAttributeString("message", Clean((test.Comparison is { } tag ? $"[{tag}] " : "") + (message ?? "")));
            writer.WriteAttributeString("type", ResultNames.Of(test.Outcome));
            if (!string.IsNullOrEmpty(detail))
            {
                writer.WriteString(Clean(detail));
            }
            writer.WriteEndElement();
        }
        if (!string.IsNullOrEmpty(test.Stdout))
        {
            writer.WriteElementString("system-out", Clean(test.Stdout));
        }
        if (!string.IsNullOrEmpty(test.Stderr))
        {
            writer.WriteElementString("system-err", Clean(test.Stderr));
        }
        writer.WriteEndElement();
    }

    /// <summary>Every test case of a module with its JUnit element kind (null = passed).</summary>
    private static IEnumerable<(TestResult Test, string? Kind, string? Message, string? Detail)> Cases(RunReport report, ModuleResult module, IReadOnlySet<string> sharedCauses)
    {
        if (ModuleFinding(report, module, sharedCauses) is { } finding)
        {
            yield return finding;
        }
        foreach (var test in module.Tests)
        {
            var detail = test.Subtests is { Count: > 0 } subtests
                ? string.Join("\n", subtests.Where(s => VerdictRules.IsFailure(s.Outcome)).Select(s => $"{s.Description}: {s.Message}\n{s.Traceback}")) + "\n" + test.Traceback
                : test.Traceback;
            yield return test.Outcome switch
            {
                TestOutcome.Failed or TestOutcome.Xpass => (test, "failure", test.Message ?? ResultNames.Of(test.Outcome), detail),
                TestOutcome.Error or TestOutcome.Crashed or TestOutcome.TimedOut or TestOutcome.NotRun => (test, "error", test.Message ?? ResultNames.Of(test.Outcome), detail),
                TestOutcome.Skipped => (test, "skipped", test.Message, null),
                _ => (test, null, null, null),
            };
        }
    }

    /// <summary>The module's failing findings as one extra test case: the most severe first in the message, every one in the body.</summary>
    private static (TestResult, string?, string?, string?)? ModuleFinding(RunReport report, ModuleResult module, IReadOnlySet<string> sharedCauses)
    {
        var quiet = NotFailing(report, module).Select(f => (f.Kind, f.Detail)).ToHashSet();
        var findings = ModuleFindings.Of(module)
            .Where(finding => !finding.IsInformation && !quiet.Contains((finding.Kind, finding.Title)) && !(finding.Cause is { } cause && sharedCauses.Contains(cause.Key)))
            .ToList();
        if (findings.Count == 0)
        {
            return null;
        }
        var message = findings[0].Sentence(module.Module) + (findings.Count > 1 ? $" (+{findings.Count - 1} more)" : "");
        var synthetic = new TestResult { Id = module.Module + ".<module>", Outcome = TestOutcome.Error, DurationMs = 0, File = module.Path };
        return (synthetic, "error", message, ModuleFindings.Describe(module.Module, findings));
    }

    /// <summary>The module's findings that do not fail the run: allowed, or not among --fail-on's origins and kinds.</summary>
    private static IEnumerable<Finding> NotFailing(RunReport report, ModuleResult module) => report.Findings.SelectMany(g => g.Judged).Where(f =>
        f.Module == module.Module && f.Kind != FindingKinds.Effect && !f.Fails && (f.Mode is null || f.Mode == module.Mode.Name()));

    private static (TestResult Test, string? Kind, string? Message, string? Detail) EffectCase(Finding effect) => (
        new TestResult { Id = $"extension effects.{effect.Extension ?? effect.Site?.Split(' ')[0]}", Outcome = effect.Fails ? TestOutcome.Error : TestOutcome.Passed, Stdout = effect.Detail },
        effect.Fails ? "error" : null, effect.Detail, effect.Detail);

    /// <summary>Extension modules' initialisation effects, each once: an error when it fails the run, else a passing case that says it.</summary>
    private static void WriteEffects(XmlWriter writer, IReadOnlyList<Finding> effects)
    {
        var cases = effects.Select(EffectCase).ToList();
        writer.WriteStartElement("testsuite");
        writer.WriteAttributeString("name", "extension effects");
        WriteCounts(writer, cases, 0);
        foreach (var ((test, kind, message, detail), effect) in cases.Zip(effects))
        {
            writer.WriteStartElement("testcase");
            writer.WriteAttributeString("name", test.Id["extension effects.".Length..]);
            writer.WriteAttributeString("classname", "extension effects");
            writer.WriteAttributeString("time", Seconds(0));
            writer.WriteStartElement("properties");
            WriteProperty(writer, "origin", effect.Origin);
            WriteProperty(writer, "first-seen-in", effect.Module);
            if (effect.CpythonIssues is { Count: > 0 } issues)
            {
                WriteProperty(writer, "cpython-issues", string.Join(", ", issues));
            }
            if (effect.Allowed is { } reason)
            {
                WriteProperty(writer, "allowed", reason);
            }
            writer.WriteEndElement();
            if (kind is not null)
            {
                writer.WriteStartElement(kind);
                writer.WriteAttributeString("message", Clean(message ?? ""));
                writer.WriteAttributeString("type", "effect");
                writer.WriteEndElement();
            }
            writer.WriteElementString("system-out", Clean(detail ?? ""));
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter writer, IReadOnlyCollection<(TestResult Test, string? Kind, string? Message, string? Detail)> cases, double durationMs)
    {
        writer.WriteAttributeString("tests", cases.Count.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("failures", cases.Count(c => c.Kind == "failure").ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("errors", cases.Count(c => c.Kind == "error").ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("skipped", cases.Count(c => c.Kind == "skipped").ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("time", Seconds(durationMs));
    }

    private static void WriteProperty(XmlWriter writer, string name, string value)
    {
        writer.WriteStartElement("property");
        writer.WriteAttributeString("name", name);
        writer.WriteAttributeString("value", value);
        writer.WriteEndElement();
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot carry most control characters; test output can. Show them escaped.</summary>
    private static string Clean(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]));
            if (valid)
            {
                builder?.Append(c);
                continue;
            }
            builder ??= new StringBuilder(text, 0, i, text.Length + 16);
            builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
        }
        return builder?.ToString() ?? text;
    }
}
