using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Orchestration;

public sealed class DurationHistoryTests
{
    private static TestModule Module(string name) => new(name, $"/suite/{name}.py", "/suite", $"{name}.py");

    [Fact]
    public void OrdersUnknownFirstThenLongestFirstAcrossRuns()
    {
        using var dir = new TempDirectory();
        var history = DurationHistory.Load(dir.Path);
        history.Record(Module("short"), 10);
        history.Record(Module("long"), 900);
        history.Record(Module("middle"), 300);
        history.Save();

        var order = DurationHistory.Load(dir.Path).Order([Module("short"), Module("new"), Module("long"), Module("middle")]);

        Assert.Equal(["new", "long", "middle", "short"], order.Select(m => m.Name));
    }

    [Fact]
    public void DamagedHistoryIsIgnored()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("durations.json"), "{ not json");

        var order = DurationHistory.Load(dir.Path).Order([Module("b"), Module("a")]);

        Assert.Equal(["b", "a"], order.Select(m => m.Name));
    }
}
