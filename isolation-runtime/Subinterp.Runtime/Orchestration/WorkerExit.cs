namespace Subinterp.Runtime.Orchestration;

/// <summary>How a worker process ended. .NET reports death by signal N as exit code 128 + N.</summary>
public sealed record WorkerExit(int ExitCode, int? Signal)
{
    public static WorkerExit From(int exitCode) => exitCode > 128 && exitCode < 128 + 65
        ? new WorkerExit(-(exitCode - 128), exitCode - 128)
        : new WorkerExit(exitCode, null);

    public string? SignalName => Signal is { } number ? SignalNames.Of(number) : null;

    public string Describe() => Signal is { } number ? $"killed by {SignalNames.Of(number)} (signal {number})" : $"exited with code {ExitCode}";
}

public static class SignalNames
{
    public static string Of(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 5 => "SIGTRAP", 6 => "SIGABRT", 7 => "SIGBUS",
        8 => "SIGFPE", 9 => "SIGKILL", 10 => "SIGUSR1", 11 => "SIGSEGV", 12 => "SIGUSR2", 13 => "SIGPIPE",
        14 => "SIGALRM", 15 => "SIGTERM", 24 => "SIGXCPU", 25 => "SIGXFSZ", 31 => "SIGSYS",
        _ => $"SIG{signal}",
    };
}
