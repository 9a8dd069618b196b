using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Results;

/// <summary>A module's verdict, declared from least to most severe so that a larger value wins.</summary>
public enum Verdict
{
    [JsonStringEnumMemberName("passed")] Passed,
    [JsonStringEnumMemberName("skipped")] Skipped,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("leaked")] Leaked,
    [JsonStringEnumMemberName("unsafe")] Unsafe,
    [JsonStringEnumMemberName("error")] Error,
    [JsonStringEnumMemberName("timed-out")] TimedOut,
    [JsonStringEnumMemberName("crashed")] Crashed,
}

/// <summary>One test's outcome.</summary>
public enum TestOutcome
{
    [JsonStringEnumMemberName("passed")] Passed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("error")] Error,
    [JsonStringEnumMemberName("skipped")] Skipped,
    [JsonStringEnumMemberName("xfail")] Xfail,
    [JsonStringEnumMemberName("xpass")] Xpass,
    [JsonStringEnumMemberName("crashed")] Crashed,
    [JsonStringEnumMemberName("timed-out")] TimedOut,
    [JsonStringEnumMemberName("not-run")] NotRun,
}

public static class ResultNames
{
    public static string Of(Verdict verdict) => verdict switch
    {
        Verdict.TimedOut => "timed-out",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    public static string Of(TestOutcome outcome) => outcome switch
    {
        TestOutcome.TimedOut => "timed-out",
        TestOutcome.NotRun => "not-run",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static TestOutcome ParseOutcome(string? text) => text switch
    {
        "passed" => TestOutcome.Passed,
        "failed" => TestOutcome.Failed,
        "skipped" => TestOutcome.Skipped,
        "xfail" => TestOutcome.Xfail,
        "xpass" => TestOutcome.Xpass,
        "crashed" => TestOutcome.Crashed,
        "timed-out" => TestOutcome.TimedOut,
        "not-run" => TestOutcome.NotRun,
        _ => TestOutcome.Error,
    };
}
