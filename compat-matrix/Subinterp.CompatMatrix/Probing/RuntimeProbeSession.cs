using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.CompatMatrix.Probing;

/// <summary>The runtime's <see cref="TestSession"/> behind <see cref="IProbeSession"/>.</summary>
public sealed class RuntimeProbeSession(PythonLocator? locator = null) : IProbeSession
{
    public async Task<RunReport> RunAsync(RunOptions options, Action<ModuleResult>? finished, Action<string>? notice, CancellationToken cancellation)
    {
        var session = TestSession.Open(options, new Observer(finished, notice), locator);
        return await session.RunAsync(cancellation).ConfigureAwait(false);
    }

    private sealed class Observer(Action<ModuleResult>? finished, Action<string>? notice) : ISessionObserver
    {
        // Only the final result of each module counts: provisional ones are held to confirm a crash or a leak.
        public void ModuleFinished(ModuleFinish e)
        {
            if (e.Final)
            {
                finished?.Invoke(e.Result);
            }
        }

        public void Notice(string message) => notice?.Invoke(message);
    }
}
