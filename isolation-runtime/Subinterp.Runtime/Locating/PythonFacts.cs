namespace Subinterp.Runtime.Locating;

/// <summary>What a Python executable says about itself when <see cref="PythonProbe"/> asks it.</summary>
public sealed class PythonFacts
{
    /// <summary>sys.version_info[:3].</summary>
    public int[] Version { get; init; } = [];

    /// <summary>platform.python_version(), e.g. "3.13.0" or "3.14.0rc1".</summary>
    public string VersionText { get; init; } = "";

    /// <summary>sys.implementation.name: "cpython" for the only implementation Subinterp embeds.</summary>
    public string Implementation { get; init; } = "";

    public string Executable { get; init; } = "";

    public string Prefix { get; init; } = "";

    public string BasePrefix { get; init; } = "";

    /// <summary>sysconfig LIBDIR; in a venv this is still the base installation's.</summary>
    public string? LibDir { get; init; }

    public string? LdLibrary { get; init; }

    public string? InstSoName { get; init; }

    public bool EnableShared { get; init; }

    public bool GilDisabled { get; init; }
}
