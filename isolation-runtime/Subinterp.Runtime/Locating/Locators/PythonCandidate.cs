namespace Subinterp.Runtime.Locating.Locators;

/// <summary>A file that may be a Python executable, and which locator proposed it.</summary>
internal sealed record PythonCandidate(string Executable, string Source);
