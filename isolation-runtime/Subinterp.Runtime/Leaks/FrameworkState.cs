using System.Globalization;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Process state that the test framework or the runtime changes by design, and what tells whose a
/// thread is. None of it is ever a finding against the module under test.
/// </summary>
internal static class FrameworkState
{
    // pytest writes these into the process environment around each test and each session (and
    // removes them after); with two modules side by side each interpreter sees the other's.
    private static readonly HashSet<string> FrameworkVariables = new(StringComparer.Ordinal) { "PYTEST_CURRENT_TEST", "PYTEST_VERSION" };

    private const string SlotThreadPrefix = "slot-";

    /// <summary>The name a slot's thread has; threads it starts inherit it.</summary>
    public static string SlotThreadName(int slot) => SlotThreadPrefix + slot.ToString(CultureInfo.InvariantCulture);

    public static bool IsFrameworks(StateKey key) => key.Kind == LeakKinds.Environ && IsFrameworkVariable(key.Name);

    public static bool IsFrameworkVariable(string name) => FrameworkVariables.Contains(name);

    /// <summary>
    /// The slot that started a new thread, from the name it inherited from that slot's thread
    /// (null when its creator renamed it: a C library, or CPython 3.14's threading, which names OS
    /// threads after Python threads).
    /// </summary>
    public static int? StartedBySlot(ObservedChange change) =>
        change.Key.Kind == LeakKinds.Thread && change.After is { } name && name.StartsWith(SlotThreadPrefix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(SlotThreadPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
            ? slot
            : null;
}
