using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Session;

/// <summary>
/// Live events of a session, for whoever shows or records them (the console, the VSTest adapter,
/// the matrix). Every (module, mode) of the plan gets exactly one final <see cref="ModuleFinished"/>;
/// a provisional one may come first when a result is held back to be confirmed.
/// Calls come from one thread at a time, in order.
/// </summary>
public interface ISessionObserver
{
    void RunStarted(RunPlan plan) { }

    void ModuleStarted(ModuleStart started) { }

    void TestStarted(TestStart started) { }

    /// <summary>Live progress: a re-run (attempt 2+) reports its tests again; the module's final result is the authority.</summary>
    void TestFinished(TestFinish finished) { }

    void ModuleFinished(ModuleFinish finished) { }

    /// <summary>
    /// --compare-process: how a module's failures did in a plain process, once its comparison has run
    /// (after its final <see cref="ModuleFinished"/>, at most once per module and mode). The result
    /// itself is never changed; the report puts the two together.
    /// </summary>
    void ModuleCompared(ModuleComparison compared) { }

    void Notice(string message) { }

    void RunFinished(RunReport report) { }
}

/// <param name="Slot">The run's slot (0 .. jobs-1): the core this module runs on, whichever worker runs it.</param>
/// <param name="Attempt">1 for the first run; 2 or more when it runs again (alone, to confirm a crash or a leak; or after an innocent worker death).</param>
public sealed record ModuleStart(TestModule Module, InterpreterMode Mode, int Slot, int Attempt);

public sealed record TestStart(TestModule Module, InterpreterMode Mode, int Slot, string TestId);

public sealed record TestFinish(TestModule Module, InterpreterMode Mode, int Slot, TestResult Test, int Attempt);

/// <param name="Slot">The slot it ran on, or -1 when it did not run (resumed from the journal, not run).</param>
/// <param name="Final">False: provisional, held back until it is confirmed; the final result follows.</param>
public sealed record ModuleFinish(TestModule Module, InterpreterMode Mode, int Slot, ModuleResult Result, bool Final);

/// <summary>A module's final result next to its run in a plain process of the same Python.</summary>
public sealed record ModuleComparison(TestModule Module, InterpreterMode Mode, ProcessComparison Comparison);
