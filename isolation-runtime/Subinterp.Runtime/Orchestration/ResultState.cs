namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Where the result of one (module, mode) of the plan is. <see cref="ResultLifecycle"/> owns it
/// and its transitions (docs/architecture.md draws them).
/// </summary>
internal enum ResultState
{
    /// <summary>Waiting for a free slot: planned, or back after its worker died before its interpreter existed.</summary>
    Queued,

    /// <summary>In flight on a worker's slot: its events are folded into its result as they arrive.</summary>
    Running,

    /// <summary>
    /// Finished, but a neighbour may still change whom something is blamed on: its slot's next
    /// interpreter is not created yet (a crash there can be what it left behind), or process
    /// changes it may have made wait for the neighbours that ran beside it to end (or for the
    /// worker's later look at a thread that was ending: a run alone waits for that too, staying
    /// <see cref="ConfirmingAlone"/>).
    /// </summary>
    HeldForNeighbour,

    /// <summary>Re-run alone in a one-slot worker of its own (a crash suspect, a contested leak, a driver that failed to start) before its result is final.</summary>
    ConfirmingAlone,

    /// <summary>Published, once; never changed again. A plain-process comparison is an event of its own.</summary>
    Final,
}
