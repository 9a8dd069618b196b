using Subinterp.Runtime.Locating;

namespace Subinterp.Testing;

/// <summary>
/// The Pythons of this machine as the product's locator sees them, looked up once per test
/// process: discovery runs every interpreter, which is too slow to repeat per test case.
/// </summary>
public static class InstalledPythons
{
    private static readonly Lazy<PythonLocator> SharedLocator = new(() => new PythonLocator());
    private static readonly Lazy<IReadOnlyList<PythonInstallation>> SharedSupported = new(() => SharedLocator.Value.FindSupported());
    private static readonly Lazy<string> SharedProblem = new(DescribeProblem);

    /// <summary>One locator for the whole test process (its probe cache is what makes it cheap).</summary>
    public static PythonLocator Locator => SharedLocator.Value;

    /// <summary>Every supported CPython (3.12+, shared), newest first.</summary>
    public static IReadOnlyList<PythonInstallation> Supported => SharedSupported.Value;

    /// <summary>The newest supported CPython, for tests that need one but not each.</summary>
    /// <exception cref="PythonLocatorException">None was found; the message says why.</exception>
    public static PythonInstallation Newest =>
        Supported.Count > 0 ? Supported[0] : throw new PythonLocatorException(NoneFoundMessage);

    /// <summary>Why no supported Python is available: the locator's own explanation.</summary>
    public static string NoneFoundMessage => SharedProblem.Value;

    /// <summary>
    /// The installation a serialized test case named. Found again by executable path because a
    /// test case may run in another process than the one that discovered it.
    /// </summary>
    /// <exception cref="PythonLocatorException">It is gone or is no longer the version the test was discovered with.</exception>
    public static PythonInstallation Resolve(string executable, string versionText)
    {
        var python = Supported.FirstOrDefault(p => string.Equals(p.Executable, executable, StringComparison.Ordinal))
            ?? Locator.Locate(executable);
        if (!string.Equals(python.VersionText, versionText, StringComparison.Ordinal))
        {
            throw new PythonLocatorException(
                $"This test was discovered for CPython {versionText} at {executable}, but that executable is now CPython {python.VersionText}. "
                + "Rediscover the tests (rebuild, or refresh the test explorer).");
        }
        return python;
    }

    private static string DescribeProblem()
    {
        try
        {
            // Locate(null) explains, in the user's words, what was found and what is missing.
            var python = Locator.Locate(null);
            return $"No supported CPython was found by discovery, although {python} is usable through {python.Source}.";
        }
        catch (PythonLocatorException e)
        {
            return e.Message;
        }
    }
}
