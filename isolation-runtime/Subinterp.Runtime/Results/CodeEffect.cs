using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Results;

/// <summary>
/// A change of the process made in this module's interpreter by code under test other than the
/// module itself (a conftest.py, a helper, a package's import, a third-party library), or by the
/// stdlib with nothing else on the stack: that code's doing, not the module's. Information on the
/// module; the report says each once (<see cref="ReportedCodeEffect"/>).
/// </summary>
/// <param name="Where">The file and line that made it ("tests/conftest.py:21"; relative to the test root or the stdlib).</param>
/// <param name="Whose">code (code under test) or library (the stdlib alone).</param>
/// <param name="Scope">import (a module's top level, as it was imported) or call.</param>
/// <param name="Touch">What it touched ("environ:MYPYPATH", "open:/path", "signal:SIGUSR1").</param>
/// <param name="Value">The value it set; null when it removed one, or for a descriptor.</param>
/// <param name="Change">What this module's window saw change; null when the process was that way already (an earlier interpreter made it).</param>
/// <param name="Function">The function the line is in ("&lt;module&gt;" at import).</param>
public sealed record CodeEffect(string Where, string Whose, string Scope, string Touch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LeakFinding? Change,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Function = null)
{
    public const string Library = "library";
    public const string AtImport = "import";

    /// <summary>The leak kind it changes (environ, cwd, rlimit, signal, locale, fd).</summary>
    [JsonIgnore]
    public string Kind => Touch.Split(':', 2)[0] is "open" or "pipe" ? "fd" : Touch.Split(':', 2)[0];

    /// <summary>What the report groups by: the site and what it touched (every descriptor a site opens is one effect).</summary>
    [JsonIgnore]
    public string Key => Kind == "fd" ? $"{Where} fd" : $"{Where} {Touch}";
}
