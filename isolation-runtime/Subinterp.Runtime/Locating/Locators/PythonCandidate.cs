namespace Subinterp.Runtime.Locating.Locators;

/// <summary>A file that may be a Python executable, and which locator proposed it.</summary>
internal sealed record PythonCandidate(string Executable, string Source)
{
    /// <summary>The version its names claim (python3.13, versions/3.13.0): enough to skip probing what cannot match.</summary>
    public VersionHint Hint { get; } = VersionHint.Of(Executable);
}
