namespace Subinterp.Runtime.Results;

public sealed class ModuleResult
{
    public required string Module { get; init; }

    /// <summary>The module's file relative to its root, with '/' separators.</summary>
    public required string Path { get; init; }

    public required InterpreterMode Mode { get; init; }
    public Verdict Verdict { get; set; }
    public double DurationMs { get; set; }
    public CrashInfo? Crash { get; set; }
    public TimeoutInfo? Timeout { get; set; }
    public ModuleError? Error { get; set; }
    public List<UnsafeImport> UnsafeImports { get; init; } = [];
    public List<LeakFinding> Leaks { get; init; } = [];
    public List<TestResult> Tests { get; init; } = [];
    public InterpreterInfo? Interpreter { get; set; }
}

public sealed record CrashInfo(string? Signal, int ExitCode, string? Test, string? Traceback, string? StderrTail, string Reason);

/// <param name="Kind">"module" (--timeout) or "test" (--test-timeout).</param>
public sealed record TimeoutInfo(double LimitSeconds, string? Test, string? Stacks, string? Kind = null);

public sealed record ModuleError(string Kind, string Message, string? Traceback);

public sealed record UnsafeImport(string Module, string Error);

public sealed record LeakFinding(string Kind, string Detail);

/// <summary>Where and how the module ran: proof that it had its own interpreter on its own core.</summary>
public sealed class InterpreterInfo
{
    public long Id { get; init; }
    public int Slot { get; init; }
    public int Cpu { get; init; }
    public int WorkerPid { get; init; }
    public double CreateMs { get; init; }
    public double? EndMs { get; set; }
    public List<int>? Affinity { get; set; }
    public double? Start { get; set; }
    public double? End { get; set; }
}
