using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Results;

/// <summary>
/// One isolation finding of the run, named with its cause: a module's crash, timeout, unsafe
/// import or leak (the code under test), or an extension module's initialisation effect on the
/// process (that extension's). The exit policy (<see cref="ExitPolicy"/>) decides which fail the run.
/// </summary>
/// <param name="Module">The module it was found in (for an effect: the first module it was seen in).</param>
/// <param name="Kind">One of <see cref="FindingKinds"/>.</param>
/// <param name="Origin">Whose doing it is: one of <see cref="FindingOrigins"/>.</param>
/// <param name="Detail">One line: what happened.</param>
public sealed record Finding(string Module, string Kind, string Origin, string Detail)
{
    /// <summary>The test that was running (a crash), or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Test { get; init; }

    /// <summary>An effect's extension module (its Detail says it in words); null for the other kinds.</summary>
    [JsonIgnore]
    public string? Extension { get; init; }

    /// <summary>A code effect's site and what it touched ("tests/conftest.py:21 environ:MYPYPATH"); null for the other kinds.</summary>
    [JsonIgnore]
    public string? Site { get; init; }

    /// <summary>
    /// An effect every interpreter that ran the code made identically, at import (a conftest.py's
    /// variable): it carries nothing from one module into another, and fails the run only when
    /// --fail-on names the kind `effect`.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Repeated { get; init; }

    /// <summary>--mode both: the mode it was found in.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mode { get; init; }

    /// <summary>CPython issues that explain it, when it is a known CPython behaviour or defect.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? CpythonIssues { get; init; }

    /// <summary>The reason from the allow-list entry that covers it ([tool.subinterp] allow), or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Allowed { get; set; }

    /// <summary>Whether it makes the run fail (exit code 3), under --fail-on and the allow-list.</summary>
    public bool Fails { get; set; }
}

/// <summary>The kinds of <see cref="Finding"/>.</summary>
public static class FindingKinds
{
    public const string Crash = "crash";
    public const string Timeout = "timeout";
    public const string Unsafe = "unsafe";
    public const string Leak = "leak";
    public const string Effect = "effect";

    public static readonly IReadOnlyList<string> All = [Crash, Timeout, Unsafe, Leak, Effect];
}

/// <summary>Whose doing a <see cref="Finding"/> is.</summary>
public static class FindingOrigins
{
    /// <summary>The code under test: the test modules, their packages and helpers, their non-stdlib dependencies.</summary>
    public const string TestCode = "test-code";

    /// <summary>A stdlib extension module's initialisation (readline's environment variables and SIGWINCH handler).</summary>
    public const string Stdlib = "stdlib";

    /// <summary>A known CPython defect, named with its issue.</summary>
    public const string Cpython = "cpython";

    public static readonly IReadOnlyList<string> All = [TestCode, Stdlib, Cpython];
}
