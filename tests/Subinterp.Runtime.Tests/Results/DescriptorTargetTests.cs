using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Tests.Results;

/// <summary>
/// What a descriptor left open points to is read from its finding the same way whether or not its
/// number pointed elsewhere when the window opened (a neighbour reading a .pyc at that moment): the
/// report's words about it must not depend on that timing.
/// </summary>
public sealed class DescriptorTargetTests
{
    private static LeakFinding LeftOpen(string fd, string target, string? before = null) =>
        Assert.Single(new FileDescriptorState(new Dictionary<string, string> { [fd] = target })
            .ChangesSince(new FileDescriptorState(before is null ? new Dictionary<string, string>() : new() { [fd] = before })));

    private static ReportedCodeEffect Scratch(params LeakFinding[] changes) => new("helpers/scratch.py:7", "fd", "open:/tmp/tmpa", FindingOrigins.TestCode,
        AtImport: true, Identical: false, Values: [""], Changes: changes, Modules: ["test_scratch_1", "test_scratch_2"], Explanation: null, CpythonIssues: []);

    [Fact]
    public void AReusedNumberDoesNotChangeWhatTheDescriptorPointsTo()
    {
        var fresh = LeftOpen("15", "/tmp/tmpa (deleted)");
        var reused = LeftOpen("16", "/tmp/tmpb (deleted)", before: "/usr/lib/python3/__pycache__/random.cpython-315.pyc");

        Assert.Contains("reused", reused.Detail, StringComparison.Ordinal);
        Assert.Equal("/tmp/tmpa (deleted)", FileDescriptorState.LeftOpenTarget(fresh.Detail));
        Assert.Equal("/tmp/tmpb (deleted)", FileDescriptorState.LeftOpenTarget(reused.Detail));
        Assert.Null(FileDescriptorState.LeftOpenTarget(Assert.Single(new FileDescriptorState(new Dictionary<string, string>())
            .ChangesSince(new FileDescriptorState(new Dictionary<string, string> { ["17"] = "/tmp/x" }))).Detail));
    }

    [Fact]
    public void ACodeEffectsTitleIsTheSameWhicheverNumberWasReused()
    {
        var fresh = Scratch(LeftOpen("15", "/tmp/tmpa (deleted)"), LeftOpen("16", "/tmp/tmpb (deleted)"));
        var reused = Scratch(LeftOpen("15", "/tmp/tmpa (deleted)"), LeftOpen("16", "/tmp/tmpb (deleted)", before: "/usr/lib/python3.15/random.py"));

        Assert.Equal("helpers/scratch.py:7 at import leaves a descriptor open after the interpreter ended, on a file it deleted while open", fresh.Title);
        Assert.Equal(fresh.Title, reused.Title);
    }

    [Fact]
    public void ALibrarysOwnDescriptorIsKnownWhateverItsNumberPointedToBefore()
    {
        Assert.True(KnownCauses.IsLibrarysOwnDescriptor(LeftOpen("11", "/usr/lib/x86_64-linux-gnu/libffi.so.8.5.0")));
        Assert.True(KnownCauses.IsLibrarysOwnDescriptor(LeftOpen("11", "/usr/lib/x86_64-linux-gnu/libffi.so.8.5.0", before: "/tmp/a.pyc")));
        Assert.False(KnownCauses.IsLibrarysOwnDescriptor(LeftOpen("11", "/tmp/data.txt", before: "/usr/lib/libffi.so.8")));
        Assert.False(KnownCauses.IsLibrarysOwnDescriptor(LeftOpen("11", "/tmp/libffi.so.8 (deleted)")));
    }
}
