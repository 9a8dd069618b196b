using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// Asks a Python executable for its own facts by running it once. Asking beats guessing from
/// file names: shims, venvs and distribution layouts only tell the truth from the inside.
/// </summary>
public class PythonProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    // Valid Python 2 too, so an interpreter too old for -I can still be asked and reported as
    // too old. The JSON goes alone on the last line: a sitecustomize may have printed already.
    internal const string Script = """
        import json, platform, sys, sysconfig
        v = sys.version_info
        c = sysconfig.get_config_var
        impl = getattr(sys, "implementation", None)
        print("")
        print(json.dumps({
            "version": [v[0], v[1], v[2]],
            "versionText": platform.python_version(),
            "implementation": impl.name if impl else platform.python_implementation().lower(),
            "executable": sys.executable,
            "prefix": sys.prefix,
            "basePrefix": getattr(sys, "base_prefix", sys.prefix),
            "libDir": c("LIBDIR"),
            "ldLibrary": c("LDLIBRARY"),
            "instSoName": c("INSTSONAME"),
            "enableShared": bool(c("Py_ENABLE_SHARED")),
            "gilDisabled": bool(c("Py_GIL_DISABLED")),
        }))
        """;

    public PythonProbe(TimeSpan? timeout = null)
    {
        Timeout = timeout ?? DefaultTimeout;
    }

    public TimeSpan Timeout { get; }

    /// <exception cref="PythonProbeException">The file could not be run, or did not answer as Python.</exception>
    public virtual PythonFacts Probe(string executable)
    {
        // -I: no user site, no PYTHON* variables, no script directory on sys.path, so the
        // answer describes the installation and not the caller's environment.
        var (exitCode, stdout, stderr) = Run(executable, "-I");
        if (exitCode != 0 && stderr.Contains("Unknown option: -I", StringComparison.Ordinal))
        {
            // Python before 3.4 lacks -I; asking anyway lets the error say "too old" instead
            // of "not a Python".
            (exitCode, stdout, stderr) = Run(executable, "-E", "-s");
        }
        if (exitCode != 0)
        {
            var error = FirstLine(stderr) ?? FirstLine(stdout) ?? "no output";
            throw new PythonProbeException($"{executable} exited with code {exitCode}: {error}");
        }
        return Parse(executable, stdout);
    }

    private (int ExitCode, string Stdout, string Stderr) Run(string executable, params string[] isolation)
    {
        PythonCommand.Output? output;
        try
        {
            output = PythonCommand.Run(executable, [.. isolation, "-c", Script], Timeout);
        }
        catch (Win32Exception e)
        {
            throw new PythonProbeException($"{executable} could not be run: {e.Message}", e);
        }
        if (output is not { } finished)
        {
            throw new PythonProbeException(
                $"{executable} did not answer within {Timeout.TotalSeconds:0.#} s when asked for its version");
        }
        return (finished.ExitCode, finished.Stdout, finished.Stderr);
    }

    internal static PythonFacts Parse(string executable, string output)
    {
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault();
        if (json is null)
        {
            throw new PythonProbeException($"{executable} printed nothing when asked for its version");
        }

        PythonFacts? facts;
        try
        {
            facts = JsonSerializer.Deserialize(json, PythonFactsJsonContext.Default.PythonFacts);
        }
        catch (JsonException e)
        {
            throw new PythonProbeException($"{executable} did not answer as Python: {Truncate(json)}", e);
        }
        if (facts is null || facts.Version.Length < 2 || facts.Executable.Length == 0)
        {
            throw new PythonProbeException($"{executable} did not answer as Python: {Truncate(json)}");
        }
        return facts;
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var first, ..]
            ? Truncate(first)
            : null;

    // Enough to recognise the error; a non-Python program may echo the whole script back.
    private static string Truncate(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
