using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// The C environment, read from libc's `environ`: what putenv/setenv (os.environ's writes) change
/// and what child processes inherit. Not .NET's Environment, which is a copy taken at startup.
/// </summary>
internal sealed class EnvironmentState(IReadOnlyDictionary<string, string> variables) : KeyedState(LeakKinds.Environ, variables)
{
    public static unsafe EnvironmentState Capture()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var address = LibC.EnvironAddress();
        var environ = address == 0 ? null : *(byte***)address;
        for (var i = 0; environ != null && environ[i] != null; i++)
        {
            var entry = Marshal.PtrToStringUTF8((nint)environ[i]) ?? "";
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? entry : entry[..equals];
            // pytest's PYTEST_CURRENT_TEST / PYTEST_VERSION are the framework's: never captured, so
            // never a change (FrameworkState).
            if (!FrameworkState.IsFrameworkVariable(name))
            {
                // The first definition wins, as with getenv.
                variables.TryAdd(name, equals < 0 ? "" : entry[(equals + 1)..]);
            }
        }
        return new EnvironmentState(variables);
    }

    protected override LeakFinding Describe(string name, string? before, string? after) => new(Kind,
        before is null ? $"{name} set to {LeakText.Quote(after!)} (was unset)"
        : after is null ? $"{name} unset (was {LeakText.Quote(before)})"
        : $"{name} changed from {LeakText.Quote(before)} to {LeakText.Quote(after)}");
}
