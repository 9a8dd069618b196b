namespace Subinterp.Runtime.Locating;

/// <summary>Facts about one CPython installation, as reported by its own executable.</summary>
/// <param name="Executable">The real Python executable (a venv's own interpreter when found in a venv).</param>
/// <param name="Library">Absolute path of libpythonX.Y.so, or null when the build is static.</param>
/// <param name="Prefix">sys.prefix (the venv when in a venv).</param>
/// <param name="BasePrefix">sys.base_prefix (the installation the venv was made from).</param>
/// <param name="Source">Which locator found it (e.g. "--python", "SUBINTERP_PYTHON", "PATH", "pyenv", "uv").</param>
public sealed record PythonInstallation(
    Version Version,
    string VersionText,
    string Executable,
    string? Library,
    string Prefix,
    string BasePrefix,
    bool Shared,
    bool FreeThreaded,
    string Source)
{
    public bool IsVirtualEnvironment => !string.Equals(Prefix, BasePrefix, StringComparison.Ordinal);

    /// <summary>Per-interpreter GIL (PEP 684) arrived in 3.12.</summary>
    public bool SupportsOwnGil => Version >= new Version(3, 12);

    /// <summary>sys.implementation.name; anything but "cpython" cannot be embedded.</summary>
    public string Implementation { get; init; } = "cpython";

    /// <summary>
    /// Where sysconfig says the shared library lives (LIBDIR/LDLIBRARY), even when that file is
    /// missing, so an error can name the path that was expected.
    /// </summary>
    public string? ExpectedLibrary { get; init; }

    /// <summary>Why Subinterp cannot embed it (what was found, what is needed, how to get it), or null when it can.</summary>
    public string? UnusableBecause() => PythonRequirements.FindProblem(this);

    public override string ToString() => $"CPython {VersionText} ({Executable})";
}
