namespace Subinterp.Runtime.Locating.Locators;

/// <summary>
/// A location the user named: an executable (a venv's bin/python included), a venv or
/// installation directory, a libpython, or a bare command name looked up on PATH.
/// Unlike discovery, every failure here is the user's answer, so it throws with the reason.
/// </summary>
internal sealed class ExplicitLocator(LocatorEnvironment environment, ProbeCache probes, LibraryLocator libraries)
{
    public const string Usage =
        "Pass a Python executable (such as /usr/bin/python3.13 or a venv's bin/python), a libpython3.X.so, or a version such as 3.13.";

    /// <exception cref="PythonLocatorException">Nothing usable as a Python is at that location.</exception>
    public PythonFacts Locate(string text)
    {
        var expanded = environment.ExpandHome(text);
        if (!LooksLikePath(expanded))
        {
            var onPath = environment.PathDirectories
                .Select(directory => Path.Join(directory, expanded))
                .FirstOrDefault(ExecutableFile.IsExecutable);
            if (onPath is not null)
            {
                return ProbeExecutable(onPath);
            }
            if (!File.Exists(expanded) && !Directory.Exists(expanded))
            {
                throw new PythonLocatorException(
                    $"'{text}' is neither a Python version (such as 3.13), an existing path, nor a command on PATH. {Usage}");
            }
        }

        var path = Path.GetFullPath(expanded);
        if (Directory.Exists(path))
        {
            var interpreter = InstallDirectories.Interpreter(path) ?? throw new PythonLocatorException(
                $"{path} is a directory without bin/python3 or bin/python, so it is neither a venv nor a Python installation. {Usage}");
            return ProbeExecutable(interpreter);
        }
        if (!File.Exists(path))
        {
            throw new PythonLocatorException($"{path} does not exist. {Usage}");
        }
        if (LibraryLocator.IsLibraryName(Path.GetFileName(path)))
        {
            return libraries.Locate(path);
        }
        if (!ExecutableFile.IsExecutable(path))
        {
            throw new PythonLocatorException(
                $"{path} is neither a Python executable nor a libpython shared library (it is not executable). {Usage}");
        }
        return ProbeExecutable(path);
    }

    private PythonFacts ProbeExecutable(string path)
    {
        try
        {
            return probes.Probe(path);
        }
        catch (PythonProbeException e)
        {
            throw new PythonLocatorException(
                $"{path} is neither a Python executable nor a libpython shared library ({e.Message}). {Usage}", e);
        }
    }

    private static bool LooksLikePath(string text) =>
        text.Contains('/') || text.Contains(Path.DirectorySeparatorChar) || text is "." or "..";
}
