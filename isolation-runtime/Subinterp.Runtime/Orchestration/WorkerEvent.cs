namespace Subinterp.Runtime.Orchestration;

public enum WorkerEventKind { Line, ChannelClosed, Exited }

/// <summary>
/// What a worker said or did, in arrival order: a protocol line from its control connection
/// (<see cref="Source"/> -1) or from a slot's channel (the slot number), the end of one of those
/// connections, or the end of the process.
/// </summary>
internal sealed record WorkerEvent(WorkerEventKind Kind, int Source, byte[]? Line = null);
