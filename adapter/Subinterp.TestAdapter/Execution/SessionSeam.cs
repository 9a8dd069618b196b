// TEMPORARY seam until the runtime's session API (issue 8) lands on main: the same names as the
// brief's TestSession surface, over RunPlanner + RunExecution. Deleted when main has
// isolation-runtime/Subinterp.Runtime/Session/TestSession.cs. ListAsync here runs the modules
// (there is no collect-only pass yet), which is slow but gives the same ids.
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Session;

internal interface ISessionObserver
{
    void RunStarted(RunPlan plan) { }
    void ModuleStarted(ModuleStart e) { }
    void TestStarted(TestStart e) { }
    void TestFinished(TestFinish e) { }
    void ModuleFinished(ModuleFinish e) { }
    void Notice(string message) { }
}

internal sealed record ModuleStart(TestModule Module, InterpreterMode Mode, int Slot, int Attempt);
internal sealed record TestStart(TestModule Module, InterpreterMode Mode, int Slot, string TestId);
internal sealed record TestFinish(TestModule Module, InterpreterMode Mode, int Slot, TestResult Test, int Attempt);
internal sealed record ModuleFinish(TestModule Module, InterpreterMode Mode, int Slot, ModuleResult Result, bool Final);
internal sealed record ListedTest(string Id, string? File, int? Line);
internal sealed record ListedModule(string Module, string Path, string FullPath, string Root, ModuleError? Error, IReadOnlyList<ListedTest> Tests);
internal sealed record TestListing(PythonInfo Python, string Engine, IReadOnlyList<ListedModule> Modules);


internal sealed class TestSession
{
    private readonly ISessionObserver? _observer;

    private TestSession(RunPlan plan, ISessionObserver? observer)
    {
        Plan = plan;
        _observer = observer;
    }

    public RunPlan Plan { get; }

    public static TestSession Open(RunOptions options, ISessionObserver? observer = null, PythonLocator? locator = null) =>
        new(RunPlanner.Plan(options, observer is null ? null : observer.Notice, locator), observer);

    public async Task<RunReport> RunAsync(CancellationToken cancellation = default)
    {
        var bridge = new Bridge(_observer, Plan);
        var report = await RunExecution.RunAsync(Plan, bridge, cancellation);
        // Results revised by leak confirmation never reach IRunObserver: report them now.
        foreach (var result in report.Modules.Where(m => !bridge.Reported.Contains(m.Module)))
        {
            var module = Plan.Modules.First(m => m.Name == result.Module);
            _observer?.ModuleFinished(new ModuleFinish(module, result.Mode, -1, result, true));
        }
        return report;
    }

    public async Task<TestListing> ListAsync(CancellationToken cancellation = default)
    {
        var report = await RunExecution.RunAsync(Plan, null, cancellation);
        var byName = Plan.Modules.ToDictionary(m => m.Name + "|" + m.RelativePath);
        return new TestListing(report.Python, report.Engine, report.Modules.Select(m =>
        {
            var module = byName[m.Module + "|" + m.Path];
            return new ListedModule(m.Module, m.Path, module.FullPath, module.Root, m.Error, m.Tests.Select(t => new ListedTest(t.Id, t.File, t.Line)).ToList());
        }).ToList());
    }

    private sealed class Bridge(ISessionObserver? observer, RunPlan plan) : IRunObserver
    {
        private InterpreterMode Mode => plan.Options.Mode;
        public void RunStarting(RunPlan p) => observer?.RunStarted(p);
        public void ModuleStarted(int slot, TestModule module) => observer?.ModuleStarted(new ModuleStart(module, Mode, slot, 1));
        public void TestStarted(int slot, TestModule module, string testId) => observer?.TestStarted(new TestStart(module, Mode, slot, testId));
        public void TestFinished(int slot, TestModule module, TestResult test) => observer?.TestFinished(new TestFinish(module, Mode, slot, test, 1));
        public HashSet<string> Reported { get; } = [];
        public void ModuleFinished(int slot, TestModule module, ModuleResult result)
        {
            lock (Reported) { Reported.Add(module.Name); }
            observer?.ModuleFinished(new ModuleFinish(module, result.Mode, slot, result, true));
        }
        public void Notice(string message) => observer?.Notice(message);
    }
}

internal static class SelectionSeam
{
    // The runtime has no selection yet: every module runs and the recorder keeps the selected cases.
    public static RunOptions WithTestIds(this RunOptions options, IReadOnlyList<string> ids) => options;
}
