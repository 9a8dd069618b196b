using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// The C locale of each category (setlocale(cat, NULL)): locale.setlocale in any interpreter
/// changes how every interpreter's C code formats numbers, dates and text.
/// LC_ALL is left out: it only summarises the others.
/// </summary>
internal sealed class LocaleState
{
    private static readonly (int Category, string Name)[] Categories =
    [
        (0, "LC_CTYPE"), (1, "LC_NUMERIC"), (2, "LC_TIME"), (3, "LC_COLLATE"), (4, "LC_MONETARY"), (5, "LC_MESSAGES"),
        (7, "LC_PAPER"), (8, "LC_NAME"), (9, "LC_ADDRESS"), (10, "LC_TELEPHONE"), (11, "LC_MEASUREMENT"), (12, "LC_IDENTIFICATION"),
    ];

    // Index into Categories → locale name.
    private readonly Dictionary<int, string> _locales;

    private LocaleState(Dictionary<int, string> locales) => _locales = locales;

    public static LocaleState Capture()
    {
        var locales = new Dictionary<int, string>();
        for (var index = 0; index < Categories.Length; index++)
        {
            // The returned string is libc's and changes with the next call: copy it at once.
            var value = LibC.setlocale(Categories[index].Category, 0);
            if (value != 0)
            {
                locales[index] = Marshal.PtrToStringUTF8(value) ?? "";
            }
        }
        return new LocaleState(locales);
    }

    public IEnumerable<LeakFinding> ChangesSince(LocaleState before) =>
        StateDiff.Changes(before._locales, _locales).Where(c => c.Existed && c.Exists)
            .Select(c => new LeakFinding(LeakKinds.Locale, $"{Categories[c.Key].Name} changed from {LeakText.Quote(c.Before)} to {LeakText.Quote(c.After)}"));
}
