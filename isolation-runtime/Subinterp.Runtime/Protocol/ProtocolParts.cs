namespace Subinterp.Runtime.Protocol;

/// <summary>A process change inside a message: its leak kind and what changed.</summary>
public sealed record ProtocolLeak(string Kind, string Detail);

/// <summary>Where a collected test is (collect-only runs).</summary>
public sealed record TestLocation(string? File, int? Line);

public sealed record SubtestMessage(string Description, string Outcome, string? Message, string? Traceback);

/// <summary>
/// A change made by code under test other than the module (a conftest.py, a helper, a package's
/// import): the touch, whose code (code or library) and where (file:line), at import or in a call,
/// the value set (null: removed, or a descriptor), the function the line is in, and the change it
/// made when the module's window saw one (kind and detail; null when the process was that way
/// already).
/// </summary>
public sealed record ProtocolCodeEffect(string Touch, string Whose, string Where, string Scope, string? Value = null, string? Function = null,
    string? Kind = null, string? Detail = null);

/// <summary>
/// module-done: where a module's time on its slot went, in milliseconds (Hosting/SlotTiming):
/// waited (the slot idle before the module arrived), open and close (reads of the process around
/// it, and the verdicts), run (the driver, with hooks: the worker's reads around extension
/// initialisations and its audit notes), threads (the grace for other threads to end), probe (the
/// cross-interpreter probe); and when it started and was done, in seconds on the monotonic clock.
/// </summary>
public sealed record ProtocolTiming(double StartedAt, double DoneAt, double WaitedMs, double OpenMs, double RunMs, double HooksMs, double ThreadsMs,
    double ProbeMs, double CloseMs);
