namespace Subinterp.Runtime.Tests.Orchestration;

/// <summary>
/// A clock that moves only when the test says so: timers (the orchestrator's waits for a deadline)
/// fire on <see cref="Advance"/>, never on their own.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TaskCompletionSource _timerSet = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(DateTimeOffset Due, TaskCompletionSource Set)> _dueWaits = [];

    /// <summary>
    /// Completes once a timer is waiting: advancing the clock before its owner set it would leave
    /// it due a full period after the advance.
    /// </summary>
    public Task TimerSet()
    {
        lock (_lock)
        {
            return _timerSet.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>
    /// Completes once a timer due at exactly that moment is waiting: a wait the orchestrator set for
    /// one clock of its own, told apart from its other timers by when it is due.
    /// </summary>
    public Task TimerDueAt(DateTimeOffset due)
    {
        lock (_lock)
        {
            if (_timers.Any(timer => timer.Due == due))
            {
                return Task.CompletedTask;
            }
            var set = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _dueWaits.Add((due, set));
            return set.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            _now += by;
            due = _timers.Where(timer => timer.Due <= _now).ToList();
            foreach (var timer in due)
            {
                _timers.Remove(timer);
            }
            if (_timers.Count == 0 && _timerSet.Task.IsCompleted)
            {
                _timerSet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock._now + dueTime;
                    clock._timers.Add(this);
                    clock._timerSet.TrySetResult();
                    foreach (var wait in clock._dueWaits.Where(wait => wait.Due == Due).ToList())
                    {
                        clock._dueWaits.Remove(wait);
                        wait.Set.TrySetResult();
                    }
                }
            }
            if (dueTime <= TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                // Due now: as a real timer, on another thread, not inside the caller.
                ThreadPool.QueueUserWorkItem(_ => Fire());
            }
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
