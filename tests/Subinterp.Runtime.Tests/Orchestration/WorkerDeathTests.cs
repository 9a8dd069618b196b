using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runtime.Tests.Orchestration;

public sealed class WorkerDeathTests
{
    [Theory]
    [InlineData(139, null, "was killed by SIGSEGV (signal 11)")]
    [InlineData(0, null, "exited with code 0: test code ended the process (os._exit?)")]
    [InlineData(76, null, "exited with code 76: a slot's event channel was closed or replaced")]
    [InlineData(137, "out of memory (RSS 600 MB > limit 512 MB)", "was stopped: out of memory (RSS 600 MB > limit 512 MB)")]
    public void Describes_how_the_worker_ended(int exitCode, string? stoppedFor, string expected)
    {
        var death = new WorkerDeath(WorkerExit.From(exitCode), stoppedFor, null, null);

        Assert.StartsWith(expected, death.Describe());
    }

    [Fact]
    public void A_crash_carries_the_signal_name_and_the_negative_exit_code()
    {
        var crash = new WorkerDeath(WorkerExit.From(134), null, "dump", "tail").ToCrash("m.T.t", "why");

        Assert.Equal(("SIGABRT", -6, "m.T.t", "dump", "tail"), (crash.Signal, crash.ExitCode, crash.Test, crash.Traceback, crash.StderrTail));
    }
}
