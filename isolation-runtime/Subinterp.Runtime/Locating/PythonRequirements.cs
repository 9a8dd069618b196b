namespace Subinterp.Runtime.Locating;

/// <summary>
/// What an installation must be for Subinterp to embed it, and the words that tell a user
/// what was found, what is needed and how to get there when it falls short.
/// </summary>
internal static class PythonRequirements
{
    public static readonly Version Minimum = new(3, 12);

    public const string Summary = "CPython 3.12 or newer built with a shared library (--enable-shared)";

    /// <returns>Why Subinterp cannot use the installation, or null when it can.</returns>
    /// <summary>
    /// Why a free-threaded build is refused rather than run: what Subinterp reports would not be true of it.
    /// </summary>
    public const string FreeThreadedWhy =
        "its objects have another header, so the worker's reading of extension modules' PyModuleDef (declarations, Py_mod_gil) "
        + "would be wrong, and its findings (a module refused by an own-GIL interpreter, state shared across GILs) are about "
        + "the GIL build's per-interpreter GIL (PEP 684), not about free threading (PEP 703), which is a different question.";

    public static string? FindProblem(PythonInstallation python)
    {
        var minor = $"{python.Version.Major}.{python.Version.Minor}";
        var where = $"{Name(python)} {python.VersionText} at {python.Executable}";

        if (!string.Equals(python.Implementation, "cpython", StringComparison.OrdinalIgnoreCase))
        {
            return $"{where} is not CPython; Subinterp embeds CPython's libpython and needs {Summary}.";
        }
        if (python.Version < Minimum)
        {
            return $"{where} has no per-interpreter GIL (PEP 684); Subinterp needs CPython 3.12 or newer. "
                + $"Install one with a shared library, e.g. `{PyenvInstall("3.13")}`, and select it by version or path.";
        }
        if (python.FreeThreaded)
        {
            return $"{where} is a free-threaded build (python{minor}t, Py_GIL_DISABLED), which Subinterp does not support: {FreeThreadedWhy} "
                + $"Use the default (GIL) build of CPython {minor}.";
        }
        if (!python.Shared)
        {
            return $"{where} was built without --enable-shared, so there is no {LibraryName(minor)} to load. "
                + $"Rebuild it with `{PyenvInstall(python.VersionText)}` or use a distribution Python that ships {LibraryName(minor)}.";
        }
        if (python.Library is null)
        {
            var expected = python.ExpectedLibrary ?? LibraryName(minor);
            return $"{where} reports a shared-library build, but its library {expected} does not exist. "
                + $"Reinstall it (e.g. `{PyenvInstall(python.VersionText, force: true)}`) or install the package that provides {LibraryName(minor)}.";
        }
        if (SharedLibraryFile.FindProblem(python.Library) is { } problem)
        {
            return $"{where} has a shared library {python.Library} that this process cannot load: {problem}. "
                + $"Subinterp needs a {LibraryName(minor)} built for this machine; install a CPython {minor} built for it.";
        }
        return null;
    }

    public static string LibraryName(string minor) =>
        OperatingSystem.IsMacOS() ? $"libpython{minor}.dylib" : $"libpython{minor}.so";

    public static string PyenvInstall(string version, bool force = false) =>
        $"PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install {(force ? "--force " : "")}{version}";

    private static string Name(PythonInstallation python) =>
        string.Equals(python.Implementation, "cpython", StringComparison.OrdinalIgnoreCase) ? "CPython" : python.Implementation;
}
