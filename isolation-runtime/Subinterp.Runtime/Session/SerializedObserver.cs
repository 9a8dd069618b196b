using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Session;

/// <summary>
/// Keeps the observer's promise of one call at a time: the orchestrator's loop reports from one
/// thread, but a plain-process comparison lands on its own.
/// </summary>
internal sealed class SerializedObserver(ISessionObserver inner) : ISessionObserver
{
    private readonly Lock _lock = new();

    public void RunStarted(RunPlan plan) { lock (_lock) { inner.RunStarted(plan); } }

    public void ModuleStarted(ModuleStart started) { lock (_lock) { inner.ModuleStarted(started); } }

    public void TestStarted(TestStart started) { lock (_lock) { inner.TestStarted(started); } }

    public void TestFinished(TestFinish finished) { lock (_lock) { inner.TestFinished(finished); } }

    public void ModuleFinished(ModuleFinish finished) { lock (_lock) { inner.ModuleFinished(finished); } }

    public void ModuleCompared(ModuleFinish compared) { lock (_lock) { inner.ModuleCompared(compared); } }

    public void Notice(string message) { lock (_lock) { inner.Notice(message); } }

    public void RunFinished(RunReport report) { lock (_lock) { inner.RunFinished(report); } }
}
