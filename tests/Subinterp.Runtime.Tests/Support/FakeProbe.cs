using Subinterp.Runtime.Locating;

namespace Subinterp.Runtime.Tests.Support;

/// <summary>
/// Answers as an installation this machine does not have (a static build, a free-threaded
/// build), so the locator's refusals can be checked without building such Pythons.
/// </summary>
internal sealed class FakeProbe(Func<string, PythonFacts> answer) : PythonProbe
{
    public override PythonFacts Probe(string executable) => answer(executable);

    public static PythonFacts CPython(string executable, string version, string? libDir, bool shared = true, bool freeThreaded = false) =>
        new()
        {
            Version = version.Split('.').Select(int.Parse).ToArray(),
            VersionText = version,
            Implementation = "cpython",
            Executable = executable,
            Prefix = Path.GetDirectoryName(Path.GetDirectoryName(executable))!,
            BasePrefix = Path.GetDirectoryName(Path.GetDirectoryName(executable))!,
            LibDir = libDir,
            LdLibrary = $"libpython{version[..version.LastIndexOf('.')]}{(freeThreaded ? "t" : "")}.so",
            InstSoName = $"libpython{version[..version.LastIndexOf('.')]}{(freeThreaded ? "t" : "")}.so.1.0",
            EnableShared = shared,
            GilDisabled = freeThreaded,
        };
}
