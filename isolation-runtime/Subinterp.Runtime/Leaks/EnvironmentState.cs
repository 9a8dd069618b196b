using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// The C environment, read from libc's `environ`: what putenv/setenv (os.environ's writes) change
/// and what child processes inherit. Not .NET's Environment, which is a copy taken at startup.
/// </summary>
internal sealed class EnvironmentState
{
    // pytest sets these in the process environment around each session (PYTEST_VERSION) and each
    // test phase (PYTEST_CURRENT_TEST) and removes them after. They are the framework's, and with
    // two slots one module's snapshots caught the other's session mid-test: a suspicion, and two
    // modules re-run alone to clear it, every few modules of a pytest run.
    private static readonly HashSet<string> FrameworkOwned = new(StringComparer.Ordinal) { "PYTEST_CURRENT_TEST", "PYTEST_VERSION" };

    private readonly SortedDictionary<string, string> _variables;

    private EnvironmentState(SortedDictionary<string, string> variables) => _variables = variables;

    public static unsafe EnvironmentState Capture()
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var address = LibC.EnvironAddress();
        var environ = address == 0 ? null : *(byte***)address;
        for (var i = 0; environ != null && environ[i] != null; i++)
        {
            var entry = Marshal.PtrToStringUTF8((nint)environ[i]) ?? "";
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? entry : entry[..equals];
            if (!FrameworkOwned.Contains(name))
            {
                // The first definition wins, as with getenv.
                variables.TryAdd(name, equals < 0 ? "" : entry[(equals + 1)..]);
            }
        }
        return new EnvironmentState(variables);
    }

    public IEnumerable<LeakFinding> ChangesSince(EnvironmentState before) =>
        StateDiff.Changes(before._variables, _variables).Select(c => new LeakFinding(LeakKinds.Environ,
            !c.Existed ? $"{c.Key} set to {LeakText.Quote(c.After)} (was unset)"
            : !c.Exists ? $"{c.Key} unset (was {LeakText.Quote(c.Before)})"
            : $"{c.Key} changed from {LeakText.Quote(c.Before)} to {LeakText.Quote(c.After)}"));
}
