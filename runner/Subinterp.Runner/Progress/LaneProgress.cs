using Spectre.Console;
using Spectre.Console.Rendering;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;

namespace Subinterp.Runner.Progress;

/// <summary>A live view on a terminal: one lane per slot showing the module and test it runs now; below, modules done, time elapsed and left, the slowest running.</summary>
internal sealed class LaneProgress : ProgressRenderer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (string Module, string? Test, DateTime Since, TestModule Key)> _lanes = [];
    private readonly Dictionary<Verdict, int> _verdicts = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _notices = [];
    private readonly RunProgress _progress = new();
    private Task? _live;

    public override void RunStarted(RunPlan plan)
    {
        lock (_lock)
        {
            _progress.Started(plan);
        }
        if (_live is not null)
        {
            return;
        }
        _live = AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            while (!_stop.IsCancellationRequested)
            {
                context.UpdateTarget(Render());
                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            context.UpdateTarget(Render());
        });
    }

    public override void ModuleStarted(ModuleStart started)
    {
        lock (_lock)
        {
            var name = started.Attempt > 1 ? $"{started.Module.Name} (again, alone)" : started.Module.Name;
            _lanes[started.Slot] = (name, null, DateTime.UtcNow, started.Module);
            _progress.ModuleStarted(started);
        }
    }

    public override void TestStarted(TestStart started)
    {
        lock (_lock)
        {
            if (_lanes.TryGetValue(started.Slot, out var lane))
            {
                _lanes[started.Slot] = lane with { Test = started.TestId };
            }
        }
    }

    public override void ModuleFinished(ModuleFinish finished)
    {
        lock (_lock)
        {
            if (finished.Slot >= 0 && _lanes.TryGetValue(finished.Slot, out var lane) && lane.Module.StartsWith(finished.Module.Name, StringComparison.Ordinal))
            {
                _lanes.Remove(finished.Slot);
            }
            _progress.ModuleFinished(finished);
            if (finished.Final)
            {
                _verdicts[finished.Result.Verdict] = _verdicts.GetValueOrDefault(finished.Result.Verdict) + 1;
            }
        }
    }

    public override void Notice(string message)
    {
        lock (_lock)
        {
            _notices.Add(message);
        }
    }

    private IRenderable Render()
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("slot").AddColumn("module").AddColumn("test").AddColumn("time");
        lock (_lock)
        {
            foreach (var (slot, lane) in _lanes.OrderBy(entry => entry.Key))
            {
                var ran = DateTime.UtcNow - lane.Since;
                // Well past its last run here: a hang shows long before the time limit.
                var usually = _progress.Typical(lane.Key) is { } typical && RunProgress.Exceeds(ran, typical) ? $" [yellow](usually {typical.TotalSeconds:0}s)[/]" : "";
                table.AddRow(slot.ToString(), Markup.Escape(lane.Module), Markup.Escape(lane.Test ?? "(importing)"), $"{ran.TotalSeconds:0.0}s{usually}");
            }
            foreach (var notice in _notices.TakeLast(3))
            {
                table.AddRow("!", Markup.Escape(notice), "", "");
            }
            var verdicts = string.Join("  ", _verdicts.OrderBy(v => v.Key).Select(v => $"{ResultNames.Of(v.Key)} {v.Value}"));
            // Below the lanes, not as the table's caption: a caption wraps to the table's width.
            return new Rows(table, new Text(_progress.Describe()), new Text(verdicts, new Style(Color.Grey)));
        }
    }

    public override void Dispose()
    {
        _stop.Cancel();
        _live?.GetAwaiter().GetResult();
    }
}
