namespace Subinterp.Runtime.Results;

public sealed record TestResult
{
    public required string Id { get; init; }
    public required TestOutcome Outcome { get; set; }
    public double DurationMs { get; init; }
    public string? Message { get; set; }
    public string? Traceback { get; init; }
    public string? Stdout { get; init; }
    public string? Stderr { get; init; }
    public string? File { get; init; }
    public int? Line { get; init; }
    public List<SubtestResult>? Subtests { get; init; }

    /// <summary>
    /// For a failed test that raised something other than an assertion (pytest counts any exception
    /// in a test as failed; unittest calls that an error): the exception's qualified type name.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Raised { get; init; }

    /// <summary>For a failure, when compared in a plain process: <c>subinterpreter-only</c> or <c>also-in-process</c>; else null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Comparison { get; init; }
}

public sealed class SubtestResult
{
    public required string Description { get; init; }
    public required TestOutcome Outcome { get; init; }
    public string? Message { get; init; }
    public string? Traceback { get; init; }
}
