namespace Subinterp.Runtime.Leaks.Attribution;

/// <summary>When a change is judged: as its window closes, or once what it waited for has happened.</summary>
internal enum AttributionPhase
{
    Closing,
    Settling,
}

/// <summary>
/// What the worker knows beyond one window's notes, asked by the rules: kept by the process
/// monitor, faked in the rules' unit tests.
/// </summary>
internal interface IAttributionFacts
{
    /// <summary>The extension whose initialisation made this change, or null.</summary>
    string? ExtensionExplaining(ObservedChange change);

    /// <summary>The windows open when <paramref name="value"/> of the item was first read (empty when unknown).</summary>
    IReadOnlyList<ModuleWindow> OpenWhenFirstSeen(StateKey key, string? value);

    /// <summary>True when the value was first read as a window opened: between module windows, where no module code runs.</summary>
    bool FirstSeenBetweenWindows(StateKey key, string? value);

    /// <summary>The item's value now (settling only; null: absent).</summary>
    string? Current(StateKey key);

    /// <summary>Whether the item's value changed at a look after <paramref name="observation"/> (a count of <see cref="ValueSightings"/>' looks).</summary>
    bool ChangedSince(StateKey key, long observation);

    /// <summary>Whether pipes that no interpreter made are this worker's runtime's (CoreCLR opens one at every thread start; Native AOT none).</summary>
    bool RuntimeMakesPipes { get; }

    /// <summary>The folders whose files the worker's own runtime opens as it loads assemblies (CoreCLR: the shared framework, the worker's own); empty under Native AOT.</summary>
    IReadOnlyList<string> RuntimeFolders { get; }

    /// <summary>Whether each slot thread has a current directory and umask of its own (unshare(CLONE_FS) worked).</summary>
    bool SlotsOwnTheirDirectory { get; }
}

/// <summary>
/// One change to judge: the window it was seen in, the phase, and its suspects: the other windows
/// that were open when it first appeared (closing), or the windows it waited for (settling).
/// </summary>
internal sealed record AttributionCase(ModuleWindow Window, ObservedChange Change, AttributionPhase Phase, IReadOnlyList<ModuleWindow> Suspects, IAttributionFacts Facts)
{
    /// <summary>The window and its suspects.</summary>
    public IEnumerable<ModuleWindow> Everyone => Suspects.Prepend(Window);

    /// <summary>The notes, by <paramref name="windows"/>, that say their interpreter made the change.</summary>
    public IEnumerable<(ModuleWindow Window, TouchNote Note)> Makers(IEnumerable<ModuleWindow> windows) =>
        windows.SelectMany(window => window.NotesMaking(Change).Select(note => (window, note)));

    /// <summary>Windows among <paramref name="windows"/> whose code under test (the module's own or other) made the change.</summary>
    public IReadOnlyList<ModuleWindow> CodeMakers(IEnumerable<ModuleWindow> windows) =>
        [.. Makers(windows).Where(seen => seen.Note.Whose is TouchNote.Module or TouchNote.Code).Select(seen => seen.Window).Distinct()];

    public bool IsTransient => Change.Key.Kind is LeakKinds.Thread or LeakKinds.Fd;
}

/// <summary>One named attribution rule: a verdict on a change, or <see cref="AttributionVerdict.Undecided"/> to let the next rule decide.</summary>
internal interface IAttributionRule
{
    string Name { get; }

    AttributionVerdict Judge(AttributionCase c);
}
