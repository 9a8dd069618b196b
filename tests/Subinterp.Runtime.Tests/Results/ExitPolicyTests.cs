using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Tests.Results;

/// <summary>--fail-on and the allow-list decide the exit code from the findings and their causes.</summary>
public sealed class ExitPolicyTests
{
    private static ModuleResult Module(string name, Verdict verdict, params TestOutcome[] outcomes) => new()
    {
        Module = name, Path = $"{name}.py", Mode = InterpreterMode.Isolated, Verdict = verdict,
        Tests = [.. outcomes.Select((o, i) => new TestResult { Id = $"{name}.t{i}", Outcome = o })],
    };

    private static RunReport Report(params ModuleResult[] modules) => new()
    {
        Python = new PythonInfo("3.13.0", "python", null), Mode = "isolated", Engine = "unittest", Modules = [.. modules],
    };

    private static ModuleResult Leaky()
    {
        var module = Module("test_leaky", Verdict.Leaked, TestOutcome.Passed);
        module.Leaks.Add(new LeakFinding("environ", "X set to '1' (was unset)"));
        return module;
    }

    private static ModuleResult WithReadlineEffect()
    {
        var module = Module("test_doc", Verdict.Passed, TestOutcome.Passed);
        module.ExtensionEffects = [new ExtensionEffect("readline", ExtensionEffect.Stdlib, ["test_doc", "doctest", "pdb", "rlcompleter", "readline"],
            [new LeakFinding("environ", "COLUMNS set to '80' (was unset)")])];
        return module;
    }

    [Fact]
    public void Exit_codes_follow_the_design_under_the_default_policy()
    {
        int Exit(params ModuleResult[] modules)
        {
            var report = Report(modules);
            ExitPolicy.Default.Apply(report);
            return report.ExitCode;
        }

        Assert.Equal(0, Exit(Module("a", Verdict.Passed, TestOutcome.Passed), Module("b", Verdict.Skipped, TestOutcome.Skipped)));
        Assert.Equal(1, Exit(Module("a", Verdict.Failed, TestOutcome.Failed)));
        Assert.Equal(1, Exit(Module("a", Verdict.Failed, TestOutcome.Xpass)));
        var error = Module("a", Verdict.Error);
        error.Error = new ModuleError("import", "ModuleNotFoundError", null);
        Assert.Equal(1, Exit(error));
        Assert.Equal(3, Exit(Module("a", Verdict.Failed, TestOutcome.Failed), Leaky()));
    }

    [Fact]
    public void A_stdlib_extensions_init_effect_is_reported_and_does_not_fail_the_run_by_default()
    {
        var report = Report(WithReadlineEffect());
        ExitPolicy.Default.Apply(report);

        var effect = Assert.Single(report.Findings);
        Assert.Equal((FindingKinds.Effect, FindingOrigins.Stdlib, false), (effect.Kind, effect.Origin, effect.Fails));
        Assert.Equal("effect:readline", effect.Cause.Key);
        Assert.Contains("readline's initialisation (imported test_doc -> doctest -> pdb -> rlcompleter -> readline)", Assert.Single(effect.Judged).Detail, StringComparison.Ordinal);
        Assert.Equal(["gh-46927", "gh-117953"], effect.CpythonIssues);
        Assert.Equal(0, report.ExitCode);

        ExitPolicy.Parse(["all"]).Apply(report);
        Assert.Equal(3, report.ExitCode);
    }

    [Fact]
    public void Kinds_narrow_what_fails_and_none_fails_on_nothing()
    {
        var report = Report(Leaky());
        ExitPolicy.Parse(["crash,unsafe"]).Apply(report);
        Assert.Equal(0, report.ExitCode);
        ExitPolicy.Parse(["leak"]).Apply(report);
        Assert.Equal(3, report.ExitCode);
        ExitPolicy.Parse(["none"]).Apply(report);
        Assert.Equal(0, report.ExitCode);
        Assert.False(Assert.Single(report.Findings).Fails);
    }

    [Fact]
    public void An_allowed_finding_is_still_reported_with_its_reason_and_does_not_fail_the_run()
    {
        var report = Report(Leaky());
        ExitPolicy.Parse([], [new AllowedFinding("test_*", FindingKinds.Leak, "X set", "the suite sets X on purpose")]).Apply(report);

        var leak = Assert.Single(report.Findings);
        Assert.Equal("the suite sets X on purpose", leak.Allowed);
        Assert.False(leak.Fails);
        Assert.Equal(0, report.ExitCode);

        ExitPolicy.Parse([], [new AllowedFinding("test_other", null, null, "another module")]).Apply(report);
        Assert.Equal(3, report.ExitCode);
    }

    [Theory]
    [InlineData("leaks", "'leaks'")]
    [InlineData("test-code,bogus", "'bogus'")]
    [InlineData("none,crash", "cannot be combined")]
    public void Bad_values_are_named_with_the_valid_ones(string value, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => ExitPolicy.Parse([value]));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        if (!named.Contains("combined", StringComparison.Ordinal))
        {
            Assert.Contains("test-code, stdlib, cpython, all", error.Message, StringComparison.Ordinal);
        }
    }
}
