using System.Text.RegularExpressions;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

/// <summary>Discovery on this machine's real Pythons, checked against what the file system shows.</summary>
public sealed partial class RealDiscoveryTests
{
    [Fact]
    public void Finds_at_least_one_supported_CPython()
    {
        var supported = InstalledPythons.Supported;

        Assert.True(supported.Count > 0, InstalledPythons.NoneFoundMessage);
        Assert.All(supported, python =>
        {
            Assert.True(python.Version >= new Version(3, 12), $"{python} is older than 3.12");
            Assert.True(python.Shared, $"{python} is not a shared build");
            Assert.False(python.FreeThreaded, $"{python} is free-threaded");
            Assert.True(File.Exists(python.Library), $"{python} has no library file ({python.Library})");
        });
    }

    [Fact]
    public void Supported_installations_come_newest_first()
    {
        var versions = InstalledPythons.Supported.Select(p => p.Version).ToList();

        Assert.Equal(versions.OrderByDescending(v => v), versions);
    }

    [Fact]
    public void Finds_every_shared_pyenv_installation_of_312_or_newer()
    {
        var versionsDirectory = Path.Join(
            Environment.GetEnvironmentVariable("PYENV_ROOT") is { Length: > 0 } root
                ? root
                : Path.Join(Environment.GetEnvironmentVariable("HOME") ?? "/nonexistent", ".pyenv"),
            "versions");
        // Ground truth from the file system alone: X.Y.Z/ with bin/python3 and lib/libpythonX.Y.so.
        var expected = Directory.Exists(versionsDirectory)
            ? Directory.EnumerateDirectories(versionsDirectory)
                .Select(d => (Directory: d, Match: ReleaseName().Match(Path.GetFileName(d))))
                .Where(x => x.Match.Success)
                .Where(x => new Version(x.Match.Value) >= new Version(3, 12))
                .Where(x => File.Exists(Path.Join(x.Directory, "bin", "python3")))
                .Where(x => File.Exists(Path.Join(x.Directory, "lib", $"libpython{x.Match.Groups["minor"].Value}.so")))
                .Select(x => x.Match.Value)
                .ToList()
            : [];

        var found = InstalledPythons.Supported.Select(p => p.VersionText).ToList();

        Assert.All(expected, version => Assert.Contains(version, found));
    }

    [Fact]
    public void FindAll_lists_each_installation_once_and_includes_the_supported_ones()
    {
        var all = InstalledPythons.Locator.FindAll();

        var keys = all.Select(p => (RealPath.Resolve(p.Executable), p.Prefix)).ToList();
        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.All(InstalledPythons.Supported, python => Assert.Contains(python, all));
    }

    [Fact]
    public void Locate_without_a_request_picks_the_newest_supported()
    {
        var locator = new PythonLocator(Support.TestEnvironment.CurrentWith());

        var python = locator.Locate(null);

        Assert.Equal(InstalledPythons.Newest.Version, python.Version);
    }

    [Fact]
    public void Locate_by_version_prefix_and_full_version()
    {
        var newest = InstalledPythons.Newest;
        var minor = $"{newest.Version.Major}.{newest.Version.Minor}";

        var byMinor = InstalledPythons.Locator.Locate(minor);
        var byFull = InstalledPythons.Locator.Locate(newest.VersionText);

        Assert.Equal((newest.Version.Major, newest.Version.Minor), (byMinor.Version.Major, byMinor.Version.Minor));
        Assert.Equal(newest.VersionText, byFull.VersionText);
    }

    [Fact]
    public void Locate_311_is_refused_for_lack_of_a_per_interpreter_GIL()
    {
        var has311 = InstalledPythons.Locator.FindAll().Any(p => p.Version.Major == 3 && p.Version.Minor == 11);

        var error = Assert.Throws<PythonLocatorException>(() => InstalledPythons.Locator.Locate("3.11"));

        if (has311)
        {
            Assert.Matches(@"CPython 3\.11\.\d+ at /\S+ has no per-interpreter GIL \(PEP 684\)", error.Message);
            Assert.Contains("Subinterp needs CPython 3.12 or newer", error.Message);
        }
        else
        {
            Assert.Contains("No CPython 3.11 found", error.Message);
        }
    }

    [Fact]
    public void A_version_that_is_not_installed_lists_what_was_found()
    {
        var error = Assert.Throws<PythonLocatorException>(() => InstalledPythons.Locator.Locate("3.99"));

        Assert.Contains("No CPython 3.99 found", error.Message);
        Assert.Contains(InstalledPythons.Newest.Executable, error.Message);
        Assert.Contains("--enable-shared", error.Message);
    }

    [GeneratedRegex(@"^(?<minor>3\.\d+)\.\d+$")]
    private static partial Regex ReleaseName();
}
