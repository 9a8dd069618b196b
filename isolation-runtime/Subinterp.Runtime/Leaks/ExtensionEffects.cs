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
/// see Hosting/WorkerHooks.) Only the first init shows a change; every later init of an extension
/// whose effect is known is recorded as a repeat, so that every module whose interpreter made the
/// effect is named, whichever module happened to be first.
/// </summary>
internal sealed class ExtensionEffects
{
    private sealed record Recorded(ExtensionInit Init, ObservedChange Change, ModuleWindow? Window);

    private readonly Lock _lock = new();
    private readonly List<Recorded> _recorded = [];
    private readonly List<(ExtensionInit Init, ModuleWindow? Window)> _repeats = [];

    // Effects that stood: by extension, what its init changed.
    private readonly Dictionary<string, List<ObservedChange>> _known = new(StringComparer.Ordinal);

    /// <summary>Records the changes as the initialising extension's.</summary>
    public void Record(ExtensionInit init, IEnumerable<ObservedChange> changes, ModuleWindow? window)
    {
        lock (_lock)
        {
            _recorded.AddRange(changes.Select(change => new Recorded(init, change, window)));
        }
    }

    /// <summary>An init that changed nothing: a repeat when the extension's init changed the process before.</summary>
    /// <returns>True when it is a repeat (the extension has an effect: its inits are read again every time).</returns>
    public bool RecordRepeat(ExtensionInit init, ModuleWindow? window)
    {
        lock (_lock)
        {
            if (_known.ContainsKey(init.Extension) || _recorded.Any(recorded => recorded.Init.Extension == init.Extension))
            {
                _repeats.Add((init, window));
                return true;
            }
            return false;
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
    /// (<paramref name="now"/>); the others are forgotten. One entry per initialisation; a repeat
    /// carries the known changes still in place.
    /// </summary>
    public IReadOnlyList<(ExtensionInit Init, IReadOnlyList<LeakFinding> Changes, bool Repeat)> Conclude(ModuleWindow window, ProcessSnapshot now)
    {
        lock (_lock)
        {
            var mine = _recorded.Where(recorded => recorded.Window == window).ToList();
            var withdrawn = mine.Where(recorded => now.Items.GetValueOrDefault(recorded.Change.Key) != recorded.Change.After).ToList();
            _recorded.RemoveAll(withdrawn.Contains);
            var stood = mine.Except(withdrawn).ToList();
            foreach (var recorded in stood)
            {
                var known = _known.TryGetValue(recorded.Init.Extension, out var list) ? list : _known[recorded.Init.Extension] = [];
                if (!known.Any(change => change.Key == recorded.Change.Key && change.After == recorded.Change.After))
                {
                    known.Add(recorded.Change);
                }
            }
            var concluded = stood.GroupBy(recorded => recorded.Init)
                .Select(group => (group.Key, (IReadOnlyList<LeakFinding>)[.. group.Select(recorded => recorded.Change.Finding)], false))
                .ToList();
            var repeats = _repeats.Where(repeat => repeat.Window == window).ToList();
            _repeats.RemoveAll(repeats.Contains);
            foreach (var repeat in repeats.DistinctBy(repeat => repeat.Init.Extension))
            {
                // Known, or still pending in a neighbour's window that has not closed yet.
                var changes = _known.GetValueOrDefault(repeat.Init.Extension)
                    ?? [.. _recorded.Where(recorded => recorded.Init.Extension == repeat.Init.Extension).Select(recorded => recorded.Change)];
                if (concluded.Any(entry => entry.Key.Extension == repeat.Init.Extension))
                {
                    continue;
                }
                var inPlace = changes.Where(change => now.Items.GetValueOrDefault(change.Key) == change.After).Select(change => change.Finding).ToList();
                if (inPlace.Count > 0)
                {
                    concluded.Add((repeat.Init, inPlace, true));
                }
            }
            return concluded;
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
