using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// Process changes made while an extension module initialised (its PyInit function or its exec
/// slot), seen by reading the process just before and just after. They are that extension's doing
/// (readline's init sets COLUMNS, LINES and a SIGWINCH handler, even when the interpreter then
/// refuses it), reported once with the import chain that loaded it, never as a leak of whichever
/// module's window they fall into. An init takes microseconds, but another module runs alongside:
/// a change of its that happens to fall inside that moment (a temporary chdir) would look like the
/// init's, so a change a neighbour's interpreter was seen making is not recorded, and an effect
/// only stands if it is still in place when its module's window closes. (Two inits never overlap:
/// see Hosting/WorkerHooks.)
/// </summary>
internal sealed class ExtensionEffects
{
    private sealed record Recorded(ExtensionInit Init, ObservedChange Change, ModuleWindow? Window);

    private readonly Lock _lock = new();
    private readonly List<Recorded> _recorded = [];

    /// <summary>Records the changes as the initialising extension's.</summary>
    public void Record(ExtensionInit init, IEnumerable<ObservedChange> changes, ModuleWindow? window)
    {
        lock (_lock)
        {
            _recorded.AddRange(changes.Select(change => new Recorded(init, change, window)));
        }
    }

    /// <summary>The extension whose initialisation made this change (same item, same resulting value), or null.</summary>
    public string? Explaining(ObservedChange change)
    {
        lock (_lock)
        {
            return _recorded.FirstOrDefault(recorded => recorded.Change.Key == change.Key && recorded.Change.After == change.After)?.Init.Extension;
        }
    }

    /// <summary>
    /// The effects recorded in a window that is closing, each kept only if it is still in place
    /// (<paramref name="now"/>); the others are forgotten. One entry per initialisation.
    /// </summary>
    public IReadOnlyList<(ExtensionInit Init, IReadOnlyList<LeakFinding> Changes)> Conclude(ModuleWindow window, ProcessSnapshot now)
    {
        lock (_lock)
        {
            var mine = _recorded.Where(recorded => recorded.Window == window).ToList();
            var withdrawn = mine.Where(recorded => now.Items.GetValueOrDefault(recorded.Change.Key) != recorded.Change.After).ToList();
            _recorded.RemoveAll(withdrawn.Contains);
            return [.. mine.Except(withdrawn).GroupBy(recorded => recorded.Init).Select(group => (group.Key, (IReadOnlyList<LeakFinding>)[.. group.Select(recorded => recorded.Change.Finding)]))];
        }
    }
}

/// <summary>One extension module's initialisation: which, where it lives, and who imported it (outermost first, ending with it).</summary>
internal sealed record ExtensionInit(string Extension, string Origin, IReadOnlyList<string> Chain)
{
    /// <summary>Reads the driver's "name\torigin\tchain>...>name" text.</summary>
    public static ExtensionInit Parse(string text)
    {
        var parts = text.Split('\t');
        var name = parts[0];
        return new ExtensionInit(name, parts.Length > 1 ? parts[1] : "stdlib", parts.Length > 2 ? parts[2].Split('>') : [name]);
    }

    public bool Equals(ExtensionInit? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
