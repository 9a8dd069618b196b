namespace Subinterp.Runtime.Locating;

internal static class PythonInstallationFactory
{
    public static PythonInstallation Create(PythonFacts facts, string source)
    {
        var version = new Version(facts.Version[0], facts.Version[1], facts.Version.Length > 2 ? facts.Version[2] : 0);
        var libraries = LibraryCandidates(facts).ToList();
        var library = facts.EnableShared ? libraries.FirstOrDefault(File.Exists) : null;
        return new PythonInstallation(
            version,
            string.IsNullOrEmpty(facts.VersionText) ? version.ToString() : facts.VersionText,
            facts.Executable,
            library,
            facts.Prefix,
            facts.BasePrefix,
            facts.EnableShared,
            facts.GilDisabled,
            source)
        {
            Implementation = string.IsNullOrEmpty(facts.Implementation) ? "cpython" : facts.Implementation,
            ExpectedLibrary = facts.EnableShared ? libraries.FirstOrDefault() : null,
        };
    }

    private static IEnumerable<string> LibraryCandidates(PythonFacts facts)
    {
        if (string.IsNullOrEmpty(facts.LibDir))
        {
            yield break;
        }
        // LDLIBRARY is the link-time name (libpython3.13.so, only shipped by -dev packages on
        // Debian); INSTSONAME is the runtime soname that the library package always has.
        foreach (var name in new[] { facts.LdLibrary, facts.InstSoName })
        {
            if (!string.IsNullOrEmpty(name) && !name.EndsWith(".a", StringComparison.Ordinal))
            {
                yield return Path.Join(facts.LibDir, name);
            }
        }
    }
}
