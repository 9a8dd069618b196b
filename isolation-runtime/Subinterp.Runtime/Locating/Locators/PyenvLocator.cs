namespace Subinterp.Runtime.Locating.Locators;

/// <summary>
/// Every version pyenv installed, not only the global one: its shims on PATH answer only for
/// the versions selected by `pyenv global`/`local`, and fail "command not found" for the rest.
/// </summary>
internal sealed class PyenvLocator(LocatorEnvironment environment) : ICandidateLocator
{
    public string Source => "pyenv";

    public string SearchedPlaces => $"pyenv ({VersionsDirectory ?? "$PYENV_ROOT or ~/.pyenv"}/*/bin/python3)";

    private string? VersionsDirectory =>
        (environment.Get("PYENV_ROOT") ?? (environment.Home is { } home ? Path.Join(home, ".pyenv") : null)) is { } root
            ? Path.Join(root, "versions")
            : null;

    public IEnumerable<PythonCandidate> FindCandidates() =>
        InstallDirectories.Enumerate(VersionsDirectory)
            .Select(InstallDirectories.Interpreter)
            .OfType<string>()
            .Select(path => new PythonCandidate(path, Source));
}
