namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Where a module run is in its slot's cycle; decides who is blamed when the worker dies. A run
/// still <see cref="Creating"/> ran no test code, but a crash while an interpreter is created can
/// come from what the slot's previous module left behind.
/// </summary>
public enum RunPhase
{
    /// <summary>Sent to the slot; its interpreter is not created yet.</summary>
    Creating,

    /// <summary>The driver runs the module in its interpreter.</summary>
    Running,

    /// <summary>The driver returned; Py_EndInterpreter is running.</summary>
    Ending,

    /// <summary>Ended; a fresh interpreter imports again what this module's interpreter refused.</summary>
    Canary,

    /// <summary>Finished on the worker's side.</summary>
    Done,
}
