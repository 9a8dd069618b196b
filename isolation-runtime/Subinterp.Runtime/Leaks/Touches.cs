using System.Globalization;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// What a module's interpreter was seen doing to shared state, from the driver's audit hook:
/// "environ:NAME" (os.putenv, os.unsetenv: what os.environ's writes call), "cwd" (os.chdir,
/// os.fchdir), "rlimit:RLIMIT_X" (resource.setrlimit, resource.prlimit), "open:/path" (open,
/// os.open). Audit hooks belong to one interpreter, so a touch says which module did it. CPython
/// raises no audit event for umask, locale, signal dispositions or dup2, nor for anything C code
/// does: those changes have no touch.
/// </summary>
internal static class Touches
{
    private const string Rlimit = "rlimit:";

    /// <summary>The touch as the monitor keeps it (a resource number becomes its name).</summary>
    public static string Normalize(string note) =>
        note.StartsWith(Rlimit, StringComparison.Ordinal) && int.TryParse(note.AsSpan(Rlimit.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var resource)
            ? Rlimit + ResourceLimitState.NameOf(resource)
            : note;

    /// <summary>The touch that would have made this change, or null when no audit event covers it.</summary>
    public static string? Of(ObservedChange change) => change.Key.Kind switch
    {
        LeakKinds.Environ => "environ:" + change.Key.Name,
        LeakKinds.Cwd => "cwd",
        LeakKinds.Rlimit => Rlimit + change.Key.Name.Split(' ')[0],
        // A descriptor left open on a file: the file was opened. Opening a file says nothing about
        // closing a descriptor that was there before, so a closed one has no touch.
        LeakKinds.Fd when change.After is { } target && target.StartsWith('/') => "open:" + WithoutDeleted(target),
        _ => null,
    };

    // readlink says "/path (deleted)" for a file removed while open; it was opened as "/path".
    private static string WithoutDeleted(string target) =>
        target.EndsWith(" (deleted)", StringComparison.Ordinal) ? target[..^" (deleted)".Length] : target;
}
