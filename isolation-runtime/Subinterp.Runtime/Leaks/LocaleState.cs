using System.Runtime.InteropServices;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Leaks;

/// <summary>
/// The C locale of each category (setlocale(cat, NULL)): locale.setlocale in any interpreter
/// changes how every interpreter's C code formats numbers, dates and text.
/// LC_ALL is left out: it only summarises the others.
/// </summary>
internal sealed class LocaleState(IReadOnlyDictionary<string, string> locales) : KeyedState(LeakKinds.Locale, locales)
{
    private static readonly (int Category, string Name)[] Categories =
    [
        (0, "LC_CTYPE"), (1, "LC_NUMERIC"), (2, "LC_TIME"), (3, "LC_COLLATE"), (4, "LC_MONETARY"), (5, "LC_MESSAGES"),
        (7, "LC_PAPER"), (8, "LC_NAME"), (9, "LC_ADDRESS"), (10, "LC_TELEPHONE"), (11, "LC_MEASUREMENT"), (12, "LC_IDENTIFICATION"),
    ];

    public static LocaleState Capture()
    {
        var locales = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (category, name) in Categories)
        {
            // The returned string is libc's and changes with the next call: copy it at once.
            var value = LibC.setlocale(category, 0);
            if (value != 0)
            {
                locales[name] = Marshal.PtrToStringUTF8(value) ?? "";
            }
        }
        return new LocaleState(locales);
    }

    protected override LeakFinding? Describe(string name, string? before, string? after) => before is null || after is null
        ? null
        : new LeakFinding(Kind, $"{name} changed from {LeakText.Quote(before)} to {LeakText.Quote(after)}");
}
