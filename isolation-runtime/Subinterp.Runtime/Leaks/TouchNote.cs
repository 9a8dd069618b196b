namespace Subinterp.Runtime.Leaks;

/// <summary>
/// One thing a module's interpreter was seen doing, from the driver's audit hook (audit_notes.py):
/// what it touched (<see cref="Touches"/>), whose code made the call (the module under test's own
/// file, other code under test, the test framework, or the stdlib alone), where (file:line), whether
/// that line is a module's top level running at import, and the value it set (null: removed).
/// </summary>
internal sealed record TouchNote(string Touch, string Whose, string Where, string Scope, string? Value, string? Function = null)
{
    /// <summary>The module under test's own file.</summary>
    public const string Module = "module";

    /// <summary>Other code under test: a conftest.py, a helper, a package, a third-party library.</summary>
    public const string Code = "code";

    /// <summary>The test framework (pytest, unittest) or Subinterp's driver.</summary>
    public const string Framework = "framework";

    /// <summary>Nothing but the stdlib on the stack.</summary>
    public const string Library = "library";

    public const string AtImport = "import";

    public bool IsImportTime => Scope == AtImport;

    /// <summary>Code under test other than the module itself, or the stdlib on its own: a site whose change is that code's effect.</summary>
    public bool IsSharedCode => Whose is Code or Library;

    /// <summary>
    /// Reads the driver's "touch\twhose\twhere\tscope\t=value\tfunction" (value "-" for a removal); a
    /// bare touch (an older driver, a test) is taken as the module's own.
    /// </summary>
    public static TouchNote Parse(string text)
    {
        var parts = text.Split('\t');
        var touch = Touches.Normalize(parts[0]);
        if (parts.Length < 5)
        {
            return new TouchNote(touch, Module, "?", "call", null);
        }
        return new TouchNote(touch, parts[1], parts[2], parts[3], parts[4].StartsWith('=') ? parts[4][1..] : null, parts.Length > 5 ? parts[5] : null);
    }
}
