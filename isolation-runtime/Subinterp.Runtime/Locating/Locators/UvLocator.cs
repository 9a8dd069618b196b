namespace Subinterp.Runtime.Locating.Locators;

/// <summary>Pythons installed by `uv python install` (python-build-standalone, shared builds).</summary>
internal sealed class UvLocator(LocatorEnvironment environment) : ICandidateLocator
{
    public string Source => "uv";

    public string SearchedPlaces => $"uv ({InstallDirectory ?? "$UV_PYTHON_INSTALL_DIR or ~/.local/share/uv/python"}/*/bin/python3)";

    // uv's own rule: UV_PYTHON_INSTALL_DIR, else the XDG data directory.
    private string? InstallDirectory =>
        environment.Get("UV_PYTHON_INSTALL_DIR")
        ?? (environment.Get("XDG_DATA_HOME") is { } data ? Path.Join(data, "uv", "python") : null)
        ?? (environment.Home is { } home ? Path.Join(home, ".local", "share", "uv", "python") : null);

    public IEnumerable<PythonCandidate> FindCandidates() =>
        InstallDirectories.Enumerate(InstallDirectory)
            .Select(InstallDirectories.Interpreter)
            .OfType<string>()
            .Select(path => new PythonCandidate(path, Source));
}
