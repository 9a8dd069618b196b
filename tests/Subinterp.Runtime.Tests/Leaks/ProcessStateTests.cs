using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Leaks;

/// <summary>Each process-state reader sees a real change made through libc, and sees nothing once it is undone.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class ProcessStateTests
{
    [Fact]
    public void The_C_environment_is_read_not_dotnets_copy()
    {
        var before = EnvironmentState.Capture();
        Environment.SetEnvironmentVariable("SUBINTERP_UNIT_DOTNET_ONLY", "x"); // .NET's copy only: no putenv
        ProcessStateCalls.setenv("SUBINTERP_UNIT_ENVIRON", "1", 1);
        try
        {
            var changes = EnvironmentState.Capture().ChangesSince(before).ToList();

            Assert.Equal([new("environ", "SUBINTERP_UNIT_ENVIRON set to '1' (was unset)")], changes);
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_ENVIRON");
            Environment.SetEnvironmentVariable("SUBINTERP_UNIT_DOTNET_ONLY", null);
        }
        Assert.Empty(EnvironmentState.Capture().ChangesSince(before));
    }

    [Fact]
    public void A_changed_variable_says_from_what_to_what()
    {
        ProcessStateCalls.setenv("SUBINTERP_UNIT_CHANGED", "old", 1);
        var before = EnvironmentState.Capture();
        ProcessStateCalls.setenv("SUBINTERP_UNIT_CHANGED", "new\tvalue", 1);
        try
        {
            Assert.Equal("SUBINTERP_UNIT_CHANGED changed from 'old' to 'new\\tvalue'", EnvironmentState.Capture().ChangesSince(before).Single().Detail);
        }
        finally
        {
            ProcessStateCalls.unsetenv("SUBINTERP_UNIT_CHANGED");
        }
        Assert.Equal("SUBINTERP_UNIT_CHANGED unset (was 'old')", EnvironmentState.Capture().ChangesSince(before).Single().Detail);
    }

    [Fact]
    public void The_current_directory()
    {
        var previous = Directory.GetCurrentDirectory();
        var before = WorkingDirectoryState.Capture();
        using var temp = new TempDirectory();
        Directory.SetCurrentDirectory(temp.Path);
        try
        {
            var change = WorkingDirectoryState.Capture().ChangesSince(before).Single();
            Assert.Equal("cwd", change.Kind);
            Assert.StartsWith($"current directory changed from '{before.Path}' to '", change.Detail);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
        Assert.Empty(WorkingDirectoryState.Capture().ChangesSince(before));
    }

    [Fact]
    public void The_umask()
    {
        var before = UmaskState.Capture();
        var previous = ProcessStateCalls.umask(0x1f); // 0037
        try
        {
            Assert.Equal($"umask changed from {Convert.ToString(previous, 8).PadLeft(4, '0')} to 0037", UmaskState.Capture().ChangesSince(before).Single().Detail);
        }
        finally
        {
            ProcessStateCalls.umask(previous);
        }
        Assert.Empty(UmaskState.Capture().ChangesSince(before));
    }

    [Fact]
    public void A_descriptor_left_open_is_named_with_its_target_and_the_workers_own_are_not()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("left-open.txt");
        File.WriteAllText(path, "");
        var own = ProcessStateCalls.open(path, 0);
        var before = FileDescriptorState.Capture(new HashSet<int>());
        var fd = ProcessStateCalls.open(path, 0);
        try
        {
            var changes = FileDescriptorState.Capture(new HashSet<int>()).ChangesSince(before).ToList();
            Assert.Contains(new("fd", $"fd {fd} left open: {new FileInfo(path).FullName}"), changes);
            Assert.DoesNotContain(FileDescriptorState.Capture(new HashSet<int> { fd }).ChangesSince(before), c => c.Detail.StartsWith($"fd {fd} ", StringComparison.Ordinal));
        }
        finally
        {
            ProcessStateCalls.close(fd);
            ProcessStateCalls.close(own);
        }
    }

    [Fact]
    public void Stdio_redirections()
    {
        var before = StdioState.Capture();
        var target = before.Stdin == "/dev/null" ? "/dev/zero" : "/dev/null";
        var saved = ProcessStateCalls.dup(0);
        var replacement = ProcessStateCalls.open(target, 0);
        ProcessStateCalls.dup2(replacement, 0);
        ProcessStateCalls.close(replacement);
        try
        {
            Assert.Equal($"fd 0 (stdin) now points to {target} (was {before.Stdin})", StdioState.Capture().ChangesSince(before).Single().Detail);
        }
        finally
        {
            ProcessStateCalls.dup2(saved, 0);
            ProcessStateCalls.close(saved);
        }
        Assert.Empty(StdioState.Capture().ChangesSince(before));
    }

    [Fact]
    public void A_new_native_thread_counts_and_a_dotnet_runtime_thread_does_not()
    {
        var before = NativeThreadState.Capture();
        using var release = new ManualResetEventSlim();
        var module = new Thread(() => release.Wait()) { Name = "unit-native", IsBackground = true };
        var runtime = new Thread(() => release.Wait()) { Name = ".NET unit pool", IsBackground = true };
        module.Start();
        runtime.Start();
        try
        {
            var changes = NativeThreadState.Capture().ChangesSince(before).ToList();
            Assert.Single(changes, c => c.Detail.Contains("('unit-native') still running after the interpreter ended", StringComparison.Ordinal));
            Assert.DoesNotContain(changes, c => c.Detail.Contains(".NET unit", StringComparison.Ordinal));
        }
        finally
        {
            release.Set();
            module.Join();
            runtime.Join();
        }
    }

    [Fact]
    public unsafe void A_signal_disposition()
    {
        var before = SignalState.Capture();
        var saved = default(Interop.LibC.SigAction);
        Interop.LibC.sigaction(ProcessStateCalls.SIGUSR2, null, &saved);
        ProcessStateCalls.signal(ProcessStateCalls.SIGUSR2, 1); // SIG_IGN; glibc's signal() also sets SA_RESTART and a mask
        try
        {
            var changes = SignalState.Capture().ChangesSince(before).ToList();
            Assert.Contains(new("signal", "SIGUSR2 handler changed from SIG_DFL to SIG_IGN"), changes);
            Assert.Contains(new("signal", "SIGUSR2 flags changed from none to SA_RESTART"), changes);
        }
        finally
        {
            Interop.LibC.sigaction(ProcessStateCalls.SIGUSR2, &saved, null);
        }
        Assert.Empty(SignalState.Capture().ChangesSince(before));
    }

    [Fact]
    public void A_locale_category()
    {
        var before = LocaleState.Capture();
        var previous = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(ProcessStateCalls.setlocale(ProcessStateCalls.LC_TIME, null))!;
        var target = previous == "C.UTF-8" ? "C" : "C.UTF-8";
        ProcessStateCalls.setlocale(ProcessStateCalls.LC_TIME, target);
        try
        {
            Assert.Equal($"LC_TIME changed from '{previous}' to '{target}'", LocaleState.Capture().ChangesSince(before).Single().Detail);
        }
        finally
        {
            ProcessStateCalls.setlocale(ProcessStateCalls.LC_TIME, previous);
        }
        Assert.Empty(LocaleState.Capture().ChangesSince(before));
    }

    [Fact]
    public unsafe void A_resource_limit()
    {
        var before = ResourceLimitState.Capture();
        var limits = stackalloc ulong[2];
        ProcessStateCalls.getrlimit(ProcessStateCalls.RLIMIT_FSIZE, limits);
        var (soft, hard) = (limits[0], limits[1]);
        limits[0] = soft == ulong.MaxValue ? 1UL << 40 : soft - 1;
        ProcessStateCalls.setrlimit(ProcessStateCalls.RLIMIT_FSIZE, limits);
        try
        {
            Assert.StartsWith("RLIMIT_FSIZE soft limit changed from ", ResourceLimitState.Capture().ChangesSince(before).Single().Detail);
        }
        finally
        {
            limits[0] = soft;
            limits[1] = hard;
            ProcessStateCalls.setrlimit(ProcessStateCalls.RLIMIT_FSIZE, limits);
        }
        Assert.Empty(ResourceLimitState.Capture().ChangesSince(before));
    }
}
