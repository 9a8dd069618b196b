using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>Live progress of a run, for whoever renders it (the console, the VSTest adapter).</summary>
public interface IRunObserver
{
    void RunStarting(RunPlan plan) { }
    void ModuleStarted(int slot, TestModule module) { }
    void TestStarted(int slot, TestModule module, string testId) { }
    void TestFinished(int slot, TestModule module, TestResult test) { }
    void ModuleFinished(int slot, TestModule module, ModuleResult result) { }
    void Notice(string message) { }
}
