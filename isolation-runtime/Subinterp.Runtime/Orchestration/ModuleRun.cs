using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// One module in flight on one slot: folds the streamed protocol events into a ModuleResult, so
/// whatever has arrived when a worker dies is already recorded.
/// </summary>
internal sealed class ModuleRun
{
    private readonly List<string> _collected = [];
    private readonly List<Session.ListedTest> _listed = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _lifecycle;

    public WorkItem Item { get; }
    public TestModule Module => Item.Module;

    /// <summary>The worker slot it runs on (the protocol's "slot").</summary>
    public int WorkerSlot { get; }

    /// <summary>The run slot (0 .. jobs-1): the core it runs on, unique among modules in flight in any worker.</summary>
    public int Slot { get; }

    public int Attempt { get; }
    public int Seq { get; }
    public int WorkerPid { get; }
    public ModuleResult Result { get; }
    public string? CurrentTest { get; private set; }
    public DateTimeOffset StartedAt { get; }
    public DateTimeOffset? CurrentTestStartedAt { get; private set; }
    public RunPhase Phase { get; private set; } = RunPhase.Creating;

    /// <summary>When the refusal canary was sent (null while it waits for quiet, <see cref="CanaryWaits"/>).</summary>
    public DateTimeOffset? CanarySentAt { get; private set; }

    /// <summary>The slot thread's kernel thread id, for a signal when the interpreter is stuck.</summary>
    public int? Tid { get; private set; }

    /// <summary>The worker left this module's interpreter running (threads would not stop).</summary>
    public bool Abandoned { get; private set; }

    /// <summary>Extension modules this module's interpreter refused, absorbed or not.</summary>
    public List<string> RefusedExtensions { get; } = [];

    /// <summary>The canary is expected to crash the worker, so it waits until no neighbour runs tests (<see cref="RefusalCanary.WaitsForQuiet"/>).</summary>
    public bool CanaryWaits { get; private set; }

    /// <summary>The test running when the first extension was refused (null: while importing the module).</summary>
    public string? RefusedDuring { get; private set; }

    /// <summary>Other modules that were in flight on the same worker at some point while this one was.</summary>
    public HashSet<string> OverlappedWith { get; } = new(StringComparer.Ordinal);

    /// <summary>Leaks that a neighbour may have caused as well: only a run alone can tell (see <see cref="Leaks.ProcessLeakMonitor"/>).</summary>
    public List<LeakFinding> ContestedLeaks { get; } = [];

    /// <summary>Changes the worker holds until the neighbours that were running have ended; null when none are held.</summary>
    public List<LeakFinding>? PendingLeaks { get; private set; }

    private bool _settled;

    private readonly TimeProvider _time;

    public ModuleRun(WorkItem item, int workerSlot, int slot, int seq, int workerPid, int attempt, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Item = item;
        WorkerSlot = workerSlot;
        Slot = slot;
        Seq = seq;
        WorkerPid = workerPid;
        Attempt = attempt;
        StartedAt = _time.GetUtcNow();
        Result = new ModuleResult { Module = item.Module.Name, Path = item.Module.RelativePath, Mode = item.Mode };
    }

    /// <summary>Collect-only runs: the tests with where they are.</summary>
    public IReadOnlyList<Session.ListedTest> Listed => _listed;

    /// <summary>Applies a driver or slot event; returns the finished test when the event completes one.</summary>
    public TestResult? Apply(ProtocolMessage message)
    {
        NoteLeakVerdicts(message);
        if (FindingMessages.Apply(Result, message))
        {
            return null;
        }
        switch (message)
        {
            case InterpCreatedMessage { Lifecycle: > 0 } later:
                _lifecycle = later.Lifecycle.Value;
                return null;
            case ModuleStartMessage or CollectedMessage or ModuleEndMessage when _lifecycle > 0:
                return null; // the first lifecycle's interpreter, tests and timings stand
            case InterpCreatedMessage created:
                Phase = RunPhase.Running;
                Tid = created.Tid;
                Result.Interpreter = new InterpreterInfo { Id = created.Interp, Slot = Slot, Cpu = created.Cpu, WorkerPid = WorkerPid, CreateMs = created.CreateMs };
                return null;
            case InterpFailedMessage failed:
                Result.Error ??= new ModuleError("interpreter", LifecyclePrefix + failed.Message, null);
                return null;
            case ModuleStartMessage started when Result.Interpreter is { } interpreter:
                interpreter.Affinity = started.Cpus?.ToList();
                interpreter.Start = started.T;
                return null;
            case CollectedMessage collected:
                _collected.AddRange(collected.Tests);
                if (collected.Locations is { } locations)
                {
                    _listed.AddRange(collected.Tests.Select((id, index) =>
                        new Session.ListedTest(id, index < locations.Count ? locations[index].File : null, index < locations.Count ? locations[index].Line : null)));
                }
                return null;
            case TestStartMessage started:
                CurrentTest = started.Id;
                CurrentTestStartedAt = _time.GetUtcNow();
                return null;
            case TestEndMessage ended:
                CurrentTest = null;
                CurrentTestStartedAt = null;
                var test = ToTestResult(ended);
                if (_lifecycle > 0)
                {
                    return MergeLaterLifecycle(test);
                }
                Result.Tests.Add(test);
                return test;
            case ModuleErrorMessage error:
                Result.Error ??= new ModuleError(error.Kind, LifecyclePrefix + error.Message, error.Traceback);
                return null;
            case ModuleEndMessage ended when Result.Interpreter is { } interpreter:
                interpreter.End = ended.T;
                return null;
            case InterpEndingMessage:
                Phase = RunPhase.Ending;
                return null;
            case ModuleDoneMessage done:
                Phase = RunPhase.Done;
                if (done.PendingLeaks is { Count: > 0 } pending && !_settled)
                {
                    PendingLeaks = [.. pending.Select(leak => new LeakFinding(leak.Kind, leak.Detail))];
                }
                Result.Interpreter?.EndMs = done.EndMs;
                if (done.Timing is { } timing && Result.Interpreter is { } ran)
                {
                    ran.Phases = new SlotPhases(timing.StartedAt, timing.DoneAt, timing.WaitedMs, timing.OpenMs, timing.RunMs, timing.HooksMs, timing.ThreadsMs,
                        timing.ProbeMs, timing.CloseMs);
                }
                if (done.Abandoned)
                {
                    Abandoned = true;
                    RecordAbandonedThreads(done.Message);
                }
                return null;
            case ExtensionRefusedMessage refused:
                if (RefusedExtensions.Count == 0)
                {
                    RefusedDuring = CurrentTest;
                }
                if (!RefusedExtensions.Contains(refused.Extension))
                {
                    RefusedExtensions.Add(refused.Extension);
                }
                return null;
            default:
                return null;
        }
    }

    private void NoteLeakVerdicts(ProtocolMessage message)
    {
        if (message is LeakMessage { Contested: true } contested)
        {
            ContestedLeaks.Add(new LeakFinding(contested.Kind, contested.Detail));
        }
        else if (message is LeaksSettledMessage settled)
        {
            _settled = true;
            PendingLeaks = null;
            ContestedLeaks.AddRange(settled.ContestedLeaks.Select(leak => new LeakFinding(leak.Kind, leak.Detail)));
        }
    }

    /// <summary>The worker went away before the held changes were settled: each is a suspicion only a run alone can clear.</summary>
    public void GiveUpWaitingForSettlement()
    {
        foreach (var leak in PendingLeaks ?? [])
        {
            Result.Leaks.Add(leak);
            ContestedLeaks.Add(leak);
        }
        PendingLeaks = null;
    }

    private void RecordAbandonedThreads(string? slotMessage)
    {
        var consequence = $"{slotMessage ?? "other threads of the interpreter were still running"} after the module finished, so the interpreter " +
            "could not be ended safely (Py_EndInterpreter would wait for them forever or abort the process): the worker abandoned it and was replaced";
        var index = Result.Leaks.FindIndex(leak => leak.Kind == "thread");
        Result.Leaks.Add(new LeakFinding("thread", index >= 0 ? $"{Result.Leaks[index].Detail}; {consequence}" : consequence));
        if (index >= 0)
        {
            Result.Leaks.RemoveAt(index);
        }
    }

    private string LifecyclePrefix => _lifecycle > 0 ? $"lifecycle {_lifecycle + 1}: " : "";

    /// <summary>
    /// --repeat-lifecycles: the tests of lifecycles after the first are not new tests. A failure
    /// in any lifecycle fails the test, as with regrtest -R.
    /// </summary>
    private TestResult? MergeLaterLifecycle(TestResult test)
    {
        var index = Result.Tests.FindIndex(t => t.Id == test.Id);
        if (!VerdictRules.IsFailure(test.Outcome) || (index >= 0 && VerdictRules.IsFailure(Result.Tests[index].Outcome)))
        {
            return null;
        }
        test.Message = LifecyclePrefix + test.Message;
        if (index < 0)
        {
            Result.Tests.Add(test);
        }
        else
        {
            Result.Tests[index] = test;
        }
        return test;
    }

    private static TestResult ToTestResult(TestEndMessage ended) => new()
    {
        Id = ended.Id, Outcome = ResultNames.ParseOutcome(ended.Outcome), DurationMs = ended.DurationMs, Message = ended.Message, Traceback = ended.Traceback,
        Stdout = ended.Stdout, Stderr = ended.Stderr, File = ended.File, Line = ended.Line, Raised = ended.Raised,
        Subtests = ended.Subtests?.Select(s => new SubtestResult { Description = s.Description, Outcome = ResultNames.ParseOutcome(s.Outcome), Message = s.Message, Traceback = s.Traceback }).ToList(),
    };

    /// <summary>The module is over; a fresh interpreter will import again what its interpreter refused, at once or once the worker is quiet.</summary>
    public void AwaitCanary(bool waitsForQuiet)
    {
        Phase = RunPhase.Canary;
        CanaryWaits = waitsForQuiet;
    }

    public void CanarySent() => CanarySentAt = _time.GetUtcNow();

    public void CanaryDone() => Phase = RunPhase.Done;

    /// <summary>The worker died and this module is blamed.</summary>
    public void Crashed(CrashInfo crash, string testOutcomeReason)
    {
        Result.Crash = crash;
        Abort(TestOutcome.Crashed, testOutcomeReason);
    }

    /// <summary>
    /// A deadline of this module passed (<see cref="Timeouts"/>): the verdict is decided. Its worker
    /// runs on while the stacks are taken and it is stopped; what it reports meanwhile is still
    /// applied (what its tests did is kept), but cannot finish the module.
    /// </summary>
    public void DeadlinePassed() => PastDeadline = true;

    /// <summary>See <see cref="DeadlinePassed"/>: a module-done that comes now does not finish it.</summary>
    public bool PastDeadline { get; private set; }

    /// <summary>
    /// It ran past its limit and its worker was stopped. The test blamed is the one captured with
    /// the deadline (<see cref="TimeoutInfo.Test"/>), never the one running now: the worker ran on
    /// while it was being stopped, so that test may have ended since and another started, which
    /// had not overrun anything.
    /// </summary>
    public void TimedOut(TimeoutInfo timeout, string testOutcomeReason)
    {
        Result.Timeout = timeout;
        var index = timeout.Test is { } overran && overran != CurrentTest && _lifecycle == 0 ? Result.Tests.FindIndex(t => t.Id == overran) : -1;
        if (index < 0)
        {
            Abort(timeout.Test, TestOutcome.TimedOut, testOutcomeReason);
            return;
        }
        // Its end came after the deadline, while its worker was being stopped: it overran all the
        // same, and what it reported is kept beside the verdict.
        var ended = Result.Tests[index];
        Result.Tests[index] = ended with
        {
            Outcome = TestOutcome.TimedOut,
            Message = $"{testOutcomeReason} (it ended while its worker was being stopped, {ResultNames.Of(ended.Outcome)} after {ended.DurationMs / 1000:0.0##} s)",
        };
        Abort(null, TestOutcome.TimedOut, testOutcomeReason);
    }

    /// <summary>Cut short by a cancelled run: what it reported stands, the rest is not-run.</summary>
    public ModuleResult Cancelled()
    {
        Abort(TestOutcome.NotRun, "the run was cancelled");
        var result = Finish();
        result.Error ??= new ModuleError("not-run", "not run to the end: the run was cancelled", null);
        result.Verdict = VerdictRules.Decide(result);
        return result;
    }

    /// <summary>
    /// Ends the module after its process went down: the running test takes the given outcome and
    /// every collected test that never reported is not-run.
    /// </summary>
    public void Abort(TestOutcome runningOutcome, string reason) => Abort(CurrentTest, runningOutcome, reason);

    /// <param name="blamed">The test that takes <paramref name="blamedOutcome"/>; a test started after it is cut short, not blamed.</param>
    private void Abort(string? blamed, TestOutcome blamedOutcome, string reason)
    {
        if (blamed is { } test)
        {
            // In a repeated lifecycle the test already has a result from an earlier one.
            Result.Tests.RemoveAll(t => t.Id == test);
            Result.Tests.Add(new TestResult { Id = test, Outcome = blamedOutcome, Message = reason, File = Module.RelativePath });
        }
        var reported = Result.Tests.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _collected.Where(id => !reported.Contains(id)))
        {
            Result.Tests.Add(new TestResult { Id = id, Outcome = TestOutcome.NotRun, Message = $"not run: {reason}", File = Module.RelativePath });
        }
        CurrentTest = null;
    }

    public ModuleResult Finish()
    {
        if (OverlappedWith.Count > 0)
        {
            // The probe compares an extension's state with a pristine import: a neighbour using the
            // same extension at the same time could have changed it.
            ContestedLeaks.AddRange(Result.Leaks.Where(leak => leak.Kind == Leaks.LeakKinds.CarryOver && !ContestedLeaks.Contains(leak)));
        }
        FindingMessages.ApplyLifecycleRule(Result);
        Result.DurationMs = _clock.Elapsed.TotalMilliseconds;
        Result.Verdict = VerdictRules.Decide(Result);
        return Result;
    }
}
