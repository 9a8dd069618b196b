namespace Subinterp.Runtime.Protocol;

/// <summary>A process change inside a message: its leak kind and what changed.</summary>
public sealed record ProtocolLeak(string Kind, string Detail);

/// <summary>Where a collected test is (collect-only runs).</summary>
public sealed record TestLocation(string? File, int? Line);

public sealed record SubtestMessage(string Description, string Outcome, string? Message, string? Traceback);
