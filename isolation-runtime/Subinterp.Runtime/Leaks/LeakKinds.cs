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

    /// <summary>
    /// Whether a finding of this kind describes process state that another module running at the
    /// same time could have changed, so that it must be reproduced by the module alone before it
    /// is blamed. A shared object is structural (the same address in two interpreters of this
    /// module's extension), whoever else was running.
    /// </summary>
    public static bool NeedsSoloConfirmation(string kind) => kind != SharedObject;
}
