using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Orchestration;

public sealed class ShardPartitionTests
{
    private static TestModule Module(string name, string root = "/suite") => new(name, $"{root}/{name}.py", root, $"{name}.py");

    private static readonly TestModule[] Modules = [.. Enumerable.Range(0, 23).Select(i => Module($"test_{i:00}"))];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(30)]
    public void EveryModuleIsInExactlyOneShare(int count)
    {
        var shares = ShardPartition.Split(Modules, count, _ => null);

        Assert.Equal(count, shares.Count);
        Assert.Equal(Modules.Select(m => m.Name).Order(), shares.SelectMany(s => s).Select(m => m.Name).Order());
        // Without durations every module weighs the same: the shares differ by one module at most.
        Assert.True(shares.Max(s => s.Count) - shares.Min(s => s.Count) <= 1);
    }

    [Fact]
    public void BalancesOnRememberedDurations()
    {
        var durations = Modules.ToDictionary(m => m.Name, m => m.Name == "test_00" ? 10_000.0 : 100.0);

        var shares = ShardPartition.Split(Modules, 2, m => durations[m.Name]);

        // The long module alone costs as much as the 22 short ones together: it gets a share almost to itself.
        var withLong = shares.Single(s => s.Any(m => m.Name == "test_00"));
        Assert.True(withLong.Count <= 2, string.Join(", ", withLong.Select(m => m.Name)));
        var loads = shares.Select(s => s.Sum(m => durations[m.Name])).ToList();
        Assert.True(Math.Abs(loads[0] - loads[1]) <= 10_000 - 2100, string.Join(" vs ", loads));
    }

    [Fact]
    public void SameModulesAndDurationsGiveTheSameSharesWhateverTheOrderOrCheckoutFolder()
    {
        var durations = new Dictionary<string, double> { ["test_03"] = 500, ["test_07"] = 40, ["test_11"] = 900 };
        double? Remembered(TestModule m) => durations.TryGetValue(m.Name, out var ms) ? ms : null;
        var here = ShardPartition.Split(Modules, 3, Remembered);
        var elsewhere = ShardPartition.Split([.. Modules.Reverse().Select(m => Module(m.Name, "/other/checkout"))], 3, Remembered);

        Assert.Equal(here.Select(s => s.Select(m => m.Name).Order()), elsewhere.Select(s => s.Select(m => m.Name).Order()));
        // Each share keeps the order it was given (the plan's: longest first).
        Assert.Equal(Modules.Where(m => here[0].Contains(m)).Select(m => m.Name), here[0].Select(m => m.Name));
    }

    [Fact]
    public void DurationsRecordedByRelativePathAreFoundFromAnotherCheckoutFolder()
    {
        using var state = new TempDirectory();
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var history = DurationHistory.Load(state.Path, first.Path);
        history.Record(Module("test_x", Path.Combine(first.Path, "tests")), 1234);
        history.Save();

        Assert.Equal(1234, DurationHistory.Load(state.Path, second.Path).Of(Module("test_x", Path.Combine(second.Path, "tests"))));
        Assert.Null(DurationHistory.Load(state.Path, second.Path).Of(Module("test_y", Path.Combine(second.Path, "tests"))));
        Assert.Contains("\"tests/test_x.py\"", File.ReadAllText(Path.Combine(state.Path, "durations.json")));
    }
}
