using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Feeds a plan's modules to worker slots, folds their streamed events into results, and survives
/// worker deaths: a module that was alone in flight is blamed; several suspects are re-run alone
/// (quarantine) before anyone is blamed; a fresh worker takes over the rest of the queue.
/// </summary>
public sealed partial class Orchestrator
{
    private readonly RunPlan _plan;
    private readonly IRunObserver _observer;
    private readonly Dictionary<string, ModuleResult> _results = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _suspicion = new(StringComparer.Ordinal);
    private readonly DurationHistory _history;
    private Queue<TestModule>? _leakSuspects = new();
    private readonly Dictionary<string, List<LeakFinding>> _unconfirmedLeaks = new(StringComparer.Ordinal);
    private int _seq;
    private int _restarts;

    public Orchestrator(RunPlan plan, IRunObserver? observer = null)
    {
        _plan = plan;
        _observer = observer ?? new NullObserver();
        _history = DurationHistory.Load(plan.Options.StateDirectory);
    }

    private sealed class NullObserver : IRunObserver;

    public async Task<RunReport> RunAsync(CancellationToken cancellation = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _observer.RunStarting(_plan);
        var quarantine = new Queue<TestModule>();
        await RunQueueAsync(new Queue<TestModule>(_plan.Modules), _plan.Slots, quarantine, cancellation).ConfigureAwait(false);
        if (quarantine.Count > 0)
        {
            _observer.Notice($"re-running {quarantine.Count} suspect module(s) alone to find which one crashed the worker");
            await RunQueueAsync(quarantine, 1, quarantine: null, cancellation).ConfigureAwait(false);
        }
        await ConfirmLeaksAloneAsync(cancellation).ConfigureAwait(false);
        _history.Save();
        var modules = _plan.Modules.Select(module => _results[module.Key])
            .OrderBy(result => result.Module, StringComparer.Ordinal).ThenBy(result => result.Path, StringComparer.Ordinal).ToList();
        var report = new RunReport
        {
            Python = new PythonInfo(_plan.Python.VersionText, _plan.Python.Executable, _plan.Python.Library),
            Mode = _plan.Options.Mode == InterpreterMode.Legacy ? "legacy" : "isolated",
            Engine = _plan.Engine,
            Jobs = _plan.Slots,
            Modules = modules,
            Summary = RunSummary.Of(modules),
            ExitCode = ExitCodes.For(modules),
            DurationMs = clock.Elapsed.TotalMilliseconds,
        };
        return report;
    }

    /// <param name="quarantine">Where suspects of a multi-module crash go; null when this pass is the quarantine.</param>
    private async Task RunQueueAsync(Queue<TestModule> queue, int slots, Queue<TestModule>? quarantine, CancellationToken cancellation)
    {
        while (queue.Count > 0)
        {
            if (_restarts > _plan.Options.MaxWorkerRestarts)
            {
                MarkNotRun(queue, $"not run: the worker was restarted {_restarts - 1} times (--max-worker-restarts {_plan.Options.MaxWorkerRestarts})");
                return;
            }
            _restarts++;
            var worker = await WorkerProcess.StartAsync(_plan.Python, Math.Min(slots, queue.Count), _plan.Options.StateDirectory, MainInterpreterPreload.For(_plan), cancellation).ConfigureAwait(false);
            await using (worker.ConfigureAwait(false))
            {
                var alive = await DriveAsync(worker, queue, quarantine, cancellation).ConfigureAwait(false);
                if (alive)
                {
                    _restarts--; // a worker that finished its queue was not a restart
                }
            }
        }
    }

    /// <summary>Runs modules on one worker until the queue is empty (true) or the worker died (false).</summary>
    private async Task<bool> DriveAsync(WorkerProcess worker, Queue<TestModule> queue, Queue<TestModule>? quarantine, CancellationToken cancellation)
    {
        var idle = new Queue<int>(Enumerable.Range(0, worker.Slots));
        var inFlight = new Dictionary<int, ModuleRun>();
        Task<byte[]?>? pendingRead = null;
        while (true)
        {
            while (idle.Count > 0 && queue.Count > 0)
            {
                var module = queue.Dequeue();
                var run = new ModuleRun(module, idle.Dequeue(), ++_seq, worker.Pid, _plan.Options.Mode);
                NoteOverlap(run, inFlight.Values);
                inFlight[run.Seq] = run;
                _observer.ModuleStarted(run.Slot, module);
                worker.Send(new ProtocolMessage
                {
                    Type = ProtocolMessageTypes.Run, Slot = run.Slot, Seq = run.Seq, Module = module.Name, Path = module.FullPath,
                    Root = module.Root, Engine = _plan.Engine, Mode = _plan.Options.Mode == InterpreterMode.Legacy ? "legacy" : "isolated",
                    OutputLimit = _plan.Options.OutputLimitBytes, TestTimeout = _plan.Options.TestTimeoutSeconds,
                    Repeat = _plan.Options.RepeatLifecycles > 1 ? _plan.Options.RepeatLifecycles : null,
                });
            }
            if (inFlight.Count == 0)
            {
                return true;
            }

            pendingRead ??= worker.ReadLineAsync(cancellation).AsTask();
            var deadline = NextDeadline(inFlight.Values);
            if (deadline is { } due)
            {
                var wait = due - DateTime.UtcNow;
                var finished = await Task.WhenAny(pendingRead, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellation)).ConfigureAwait(false);
                if (finished != pendingRead)
                {
                    await TimeOutAsync(worker, inFlight, queue).ConfigureAwait(false);
                    return false;
                }
            }
            var line = await pendingRead.ConfigureAwait(false);
            pendingRead = null;
            if (line is null)
            {
                await WorkerDiedAsync(worker, inFlight, quarantine).ConfigureAwait(false);
                return false;
            }
            var message = ProtocolCodec.Decode(line);
            if (message.Seq is not { } seq || !inFlight.TryGetValue(seq, out var current))
            {
                continue;
            }
            if (message.Type == ProtocolMessageTypes.TestStart && message.Id is { } testId)
            {
                _observer.TestStarted(current.Slot, current.Module, testId);
            }
            if (current.Apply(message) is { } test)
            {
                _observer.TestFinished(current.Slot, current.Module, test);
            }
            if (message.Type == ProtocolMessageTypes.ModuleDone)
            {
                inFlight.Remove(seq);
                Complete(current);
                idle.Enqueue(current.Slot);
            }
        }
    }

    private DateTime? NextDeadline(IEnumerable<ModuleRun> runs)
    {
        DateTime? earliest = null;
        foreach (var run in runs)
        {
            if (_plan.Options.ModuleTimeoutSeconds is { } moduleLimit)
            {
                earliest = Min(earliest, run.StartedAt.AddSeconds(moduleLimit * Lifecycles));
            }
            if (_plan.Options.TestTimeoutSeconds is { } testLimit && run.CurrentTestStartedAt is { } testStart)
            {
                // The driver's own watchdog reports a stuck test first; this is the backstop when it cannot run.
                earliest = Min(earliest, testStart.AddSeconds(testLimit + 5));
            }
        }
        return earliest;
    }

    private static DateTime Min(DateTime? a, DateTime b) => a is { } value && value < b ? value : b;

    private async Task TimeOutAsync(WorkerProcess worker, Dictionary<int, ModuleRun> inFlight, Queue<TestModule> queue)
    {
        var now = DateTime.UtcNow;
        worker.Kill();
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        foreach (var run in inFlight.Values)
        {
            var moduleExpired = _plan.Options.ModuleTimeoutSeconds is { } moduleLimit && now >= run.StartedAt.AddSeconds(moduleLimit * Lifecycles);
            var testExpired = _plan.Options.TestTimeoutSeconds is { } testLimit && run.CurrentTestStartedAt is { } start && now >= start.AddSeconds(testLimit + 5);
            if (!moduleExpired && !testExpired)
            {
                // Innocent: it shared the worker that had to be killed; run it again from scratch.
                queue.Enqueue(run.Module);
                _observer.Notice($"{run.Module.Name}: re-queued (its worker was stopped because another module timed out)");
                continue;
            }
            var limit = moduleExpired ? _plan.Options.ModuleTimeoutSeconds!.Value : _plan.Options.TestTimeoutSeconds!.Value;
            var test = run.CurrentTest;
            run.Result.Timeout = new TimeoutInfo(limit, test, null);
            run.Abort(TestOutcome.TimedOut, $"timed out after {limit:0.###} s");
            Complete(run);
        }
    }

    private async Task WorkerDiedAsync(WorkerProcess worker, Dictionary<int, ModuleRun> inFlight, Queue<TestModule>? quarantine)
    {
        var exit = await worker.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var runs = inFlight.Values.ToList();
        if (runs.Count > 1 && quarantine is not null)
        {
            foreach (var run in runs)
            {
                var others = string.Join(", ", runs.Where(r => r != run).Select(r => r.Module.Name));
                _suspicion[run.Module.Key] = $"the worker {exit.Describe()} while this module ran alongside {others}";
                quarantine.Enqueue(run.Module);
            }
            _observer.Notice($"worker {worker.Pid} {exit.Describe()} with {runs.Count} modules in flight; each will be re-run alone");
            return;
        }
        var faultLog = worker.FaultLog();
        var stderr = worker.StderrTail.Text();
        foreach (var run in runs)
        {
            var reason = exit.Describe();
            run.Result.Crash = new CrashInfo(exit.SignalName, exit.ExitCode, run.CurrentTest, NullIfEmpty(faultLog), NullIfEmpty(stderr), reason);
            run.Abort(TestOutcome.Crashed, $"the worker {reason}");
            Complete(run);
        }
        _observer.Notice($"worker {worker.Pid} {exit.Describe()}; starting a fresh worker for the remaining modules");
    }

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>--timeout covers each lifecycle of a module run with --repeat-lifecycles.</summary>
    private int Lifecycles => Math.Max(1, _plan.Options.RepeatLifecycles);

    private void Complete(ModuleRun run)
    {
        var result = run.Finish();
        if (DeferForLeakConfirmation(run, result))
        {
            return;
        }
        _results[run.Module.Key] = result;
        _history.Record(run.Module, result.DurationMs);
        _observer.ModuleFinished(run.Slot, run.Module, result);
    }

    private void MarkNotRun(Queue<TestModule> queue, string reason)
    {
        while (queue.Count > 0)
        {
            var module = queue.Dequeue();
            var result = new ModuleResult { Module = module.Name, Path = module.RelativePath, Mode = _plan.Options.Mode };
            result.Error = new ModuleError("not-run", reason, null);
            result.Verdict = VerdictRules.Decide(result);
            _results[module.Key] = result;
            _observer.ModuleFinished(-1, module, result);
        }
    }
}
