using System.Globalization;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// What a module's interpreter was seen doing to shared state, from the driver (audit_notes.py),
/// named by what it touches: "environ:NAME" (os.putenv, os.unsetenv: what os.environ's writes
/// call), "cwd" (os.chdir, os.fchdir), "rlimit:RLIMIT_X" (resource.setrlimit, resource.prlimit),
/// "open:/path" (open, os.open), "pipe" (os.pipe, os.pipe2), "dup" (os.dup, os.dup2), "signal:SIGX"
/// (signal.signal, signal.siginterrupt, os.grantpt), "locale:LC_X" (locale.setlocale;
/// "locale:*" for LC_ALL), "fork-refused" (os.fork refused in an isolated interpreter). CPython
/// raises no event for umask, nor for anything C code does: those changes have no touch.
/// </summary>
internal static class Touches
{
    public const string ForkRefused = "fork-refused";

    /// <summary>os.pipe or os.pipe2; the note's value is the two descriptors it made with their targets ("7=pipe:[31],8=pipe:[31]").</summary>
    public const string Pipe = "pipe";

    /// <summary>os.dup or os.dup2; the note's value is the descriptor it made and what it pointed to then ("9=pipe:[1234]").</summary>
    public const string Dup = "dup";

    private const string Rlimit = "rlimit:";
    private const string Locale = "locale:";

    /// <summary>The touch as the monitor keeps it (a resource number becomes its name).</summary>
    public static string Normalize(string touch) =>
        touch.StartsWith(Rlimit, StringComparison.Ordinal) && int.TryParse(touch.AsSpan(Rlimit.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var resource)
            ? Rlimit + ResourceLimitState.NameOf(resource)
            : touch;

    /// <summary>The touch that would have made this change, or null when nothing audits it.</summary>
    public static string? Of(ObservedChange change) => change.Key.Kind switch
    {
        LeakKinds.Environ => "environ:" + change.Key.Name,
        LeakKinds.Cwd => "cwd",
        LeakKinds.Rlimit => Rlimit + change.Key.Name.Split(' ')[0],
        // "SIGUSR1 handler", "SIGUSR1 flags": signal.signal sets both.
        LeakKinds.Signal => "signal:" + change.Key.Name.Split(' ')[0],
        LeakKinds.Locale => Locale + change.Key.Name,
        // A descriptor left open on a file: the file was opened. Opening a file says nothing about
        // closing a descriptor that was there before, so a closed one has no touch.
        LeakKinds.Fd when change.After is { } target && target.StartsWith('/') => "open:" + WithoutDeleted(target),
        LeakKinds.Fd when change.After is { } target && target.StartsWith("pipe:", StringComparison.Ordinal) => Pipe,
        _ => null,
    };

    /// <summary>
    /// Whether a note says its interpreter made this change: a note of the change's touch (an
    /// LC_ALL setlocale counts for every category); for a descriptor left open or a standard stream
    /// redirected, the descriptor made (<see cref="MadeDescriptor"/>).
    /// </summary>
    public static bool Made(TouchNote note, ObservedChange change) => change.Key.Kind is LeakKinds.Fd or LeakKinds.Stdio
        ? change.After is { } target && MadeDescriptor(note, change.Key.Name, target)
        : Of(change) is { } touch && Covers(note.Touch, touch);

    /// <summary>
    /// Whether a note says its interpreter made descriptor <paramref name="fd"/> pointing to
    /// <paramref name="target"/> (readlink's words): the file opened; a pipe or a copy made with that
    /// number and that target (their notes say both: a number alone would also claim whatever
    /// a neighbour opened later under a number this interpreter had used and closed).
    /// </summary>
    public static bool MadeDescriptor(TouchNote note, string fd, string target)
    {
        var path = WithoutDeleted(target);
        return note.Touch switch
        {
            Pipe or Dup => (note.Value ?? "").Split(',').Contains(fd + "=" + path, StringComparer.Ordinal),
            _ => path.StartsWith('/') && note.Touch == "open:" + path,
        };
    }

    /// <summary>Whether a note of <paramref name="touch"/> covers a change whose touch is <paramref name="changeTouch"/> (LC_ALL covers every category).</summary>
    public static bool Covers(string touch, string changeTouch) =>
        touch == changeTouch || (touch == Locale + "*" && changeTouch.StartsWith(Locale, StringComparison.Ordinal));

    /// <summary>The leak kind a touch changes ("environ:X" → environ, "open:/p" → fd).</summary>
    public static string KindOf(string touch) => touch.Split(':', 2)[0] switch
    {
        "open" or Pipe or Dup => LeakKinds.Fd, // a dup onto 0-2 is a stdio change too: Made reads both
        var kind => kind,
    };

    // readlink says "/path (deleted)" for a file removed while open; it was opened as "/path".
    private static string WithoutDeleted(string target) =>
        target.EndsWith(" (deleted)", StringComparison.Ordinal) ? target[..^" (deleted)".Length] : target;
}
