namespace Subinterp.Runtime.Protocol;

/// <summary>The "type" values of PROTOCOL.md, in one place.</summary>
public static class ProtocolMessageTypes
{
    public const string Configure = "configure";
    public const string Hello = "hello";
    public const string Run = "run";
    public const string Shutdown = "shutdown";
    public const string InterpCreated = "interp-created";
    public const string InterpFailed = "interp-failed";
    public const string ModuleDone = "module-done";
    public const string ModuleStart = "module-start";
    public const string Collected = "collected";
    public const string TestStart = "test-start";
    public const string TestEnd = "test-end";
    public const string UnsafeImport = "unsafe-import";
    public const string ModuleError = "module-error";
    public const string ModuleEnd = "module-end";
    public const string Channel = "channel";
    public const string InterpEnding = "interp-ending";
    public const string Canary = "canary";
    public const string CanaryDone = "canary-done";
    public const string Timeout = "timeout";
    public const string Leak = "leak";
    public const string ExtensionRefused = "extension-refused";
    public const string AbsorbedImport = "absorbed-import";
    public const string SharedGilImport = "shared-gil-import";
    public const string Lifecycle = "lifecycle";
    public const string LeaksSettled = "leaks-settled";
    public const string ExtensionEffect = "extension-effect";
    public const string ExtensionDeclared = "extension-declared";
    public const string HookFailed = "hook-failed";
    public const string CrossCheck = "cross-check";
    public const string CodeEffects = "code-effects";
}
