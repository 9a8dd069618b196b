namespace Subinterp.Runtime.Leaks;

/// <summary>The `kind` values of leak findings (docs/architecture.md).</summary>
public static class LeakKinds
{
    public const string Environ = "environ";
    public const string Cwd = "cwd";
    public const string Umask = "umask";
    public const string Fd = "fd";
    public const string Thread = "thread";
    public const string Locale = "locale";
    public const string Signal = "signal";
    public const string Stdio = "stdio";
    public const string Rlimit = "rlimit";
    public const string SharedObject = "shared-object";
    public const string CarryOver = "carry-over";
    public const string Memory = "memory";

}
