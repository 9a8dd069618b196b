namespace Subinterp.Runtime.Results;

/// <summary>
/// Which findings fail the run (`--fail-on`, `fail-on` in [tool.subinterp]) and which known ones are
/// allowed. `--fail-on` takes a comma-separated list of terms: origins (`test-code`, `stdlib`,
/// `cpython`, or `all`) and kinds (`crash`, `timeout`, `unsafe`, `leak`, `effect`); a finding fails
/// the run when its origin is among the origins listed (test-code when none is) and its kind among
/// the kinds listed (any when none is). `none` fails on no finding. The default, `test-code`: what
/// the code under test did (its own modules and non-stdlib dependencies), not what a stdlib
/// extension's initialisation or a known CPython defect did. An effect every interpreter makes
/// alike at import (a conftest.py's variable: nothing carries from one module into another) fails
/// the run only when `effect` is named. Allowed findings never fail the run.
/// </summary>
public sealed record ExitPolicy(IReadOnlyList<string> Origins, IReadOnlyList<string> Kinds, IReadOnlyList<AllowedFinding> Allowed)
{
    public const string AllTerm = "all";
    public const string NoneTerm = "none";

    public static ExitPolicy Default { get; } = new([FindingOrigins.TestCode], FindingKinds.All, []);

    /// <summary>
    /// Whether --fail-on named kinds. An effect every interpreter makes alike at import (a
    /// conftest.py's variable) fails the run only when the kind `effect` is named: it carries
    /// nothing from one module into another.
    /// </summary>
    public bool KindsNamed { get; init; }

    /// <summary>The --fail-on terms, as given (for the report).</summary>
    public IReadOnlyList<string> Terms { get; init; } = [FindingOrigins.TestCode];

    /// <exception cref="ArgumentException">An unknown term: the message lists the valid ones.</exception>
    public static ExitPolicy Parse(IEnumerable<string> terms, IReadOnlyList<AllowedFinding>? allowed = null)
    {
        var list = terms.SelectMany(term => term.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var unknown = list.Where(term => term != AllTerm && term != NoneTerm && !FindingOrigins.All.Contains(term) && !FindingKinds.All.Contains(term)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"unknown --fail-on value{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}: use origins " +
                $"({string.Join(", ", FindingOrigins.All)}, {AllTerm}), kinds ({string.Join(", ", FindingKinds.All)}) or {NoneTerm}, comma-separated");
        }
        if (list.Contains(NoneTerm))
        {
            if (list.Count > 1)
            {
                throw new ArgumentException($"--fail-on {NoneTerm} cannot be combined with other values (got {string.Join(",", list)})");
            }
            return new ExitPolicy([], [], allowed ?? []) { Terms = list };
        }
        var origins = list.Contains(AllTerm) ? FindingOrigins.All : list.Where(FindingOrigins.All.Contains).ToList();
        var kinds = list.Where(FindingKinds.All.Contains).ToList();
        return new ExitPolicy(origins.Count == 0 ? [FindingOrigins.TestCode] : origins, kinds.Count == 0 ? FindingKinds.All : kinds, allowed ?? [])
        {
            Terms = list.Count == 0 ? [FindingOrigins.TestCode] : list,
            KindsNamed = kinds.Count > 0,
        };
    }

    /// <summary>Judges the report's findings (allowed? failing the run?), groups them by cause into the report, and sets the exit code.</summary>
    public void Apply(RunReport report)
    {
        var findings = Judge(report);
        report.Findings = findings;
        report.FailOn = Terms;
        report.Allow = Allowed;
        report.ExitCode = ExitCodes.HasSelectionError(report.Modules) ? ExitCodes.UsageOrEnvironment
            : findings.Any(finding => finding.Fails) ? ExitCodes.IsolationFindings
            : HasTestFailures(report) ? ExitCodes.TestFailures
            : ExitCodes.Success;
    }

    /// <summary>The report's findings grouped by cause, each module's finding marked allowed or failing the run.</summary>
    public IReadOnlyList<FindingGroup> Judge(RunReport report)
    {
        var findings = Findings.Of(report);
        foreach (var finding in findings)
        {
            finding.Allowed = Allowed.FirstOrDefault(entry => entry.Covers(finding))?.Reason;
            finding.Fails = finding.Allowed is null && Origins.Contains(finding.Origin) && Kinds.Contains(finding.Kind)
                && !(finding.Repeated && !(KindsNamed && Kinds.Contains(FindingKinds.Effect)));
        }
        return FindingGroups.Judge(report, findings);
    }

    /// <summary>
    /// Tests that failed, errored or passed unexpectedly, and modules that could not be imported or
    /// collected. A crash or timeout is a finding, not a test failure: its tests are left out here.
    /// </summary>
    private static bool HasTestFailures(RunReport report) => report.Modules.Any(module =>
        (module.Error is { Kind: not "fixture" } && !VerdictRules.BrokenByUnsafeImport(module) && module.Crash is null && module.Timeout is null)
        || module.Tests.Any(test => test.Outcome is TestOutcome.Failed or TestOutcome.Error or TestOutcome.Xpass));
}
