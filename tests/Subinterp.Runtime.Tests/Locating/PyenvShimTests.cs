using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

/// <summary>
/// pyenv shims on PATH stand for the executable pyenv would pick (PYENV_VERSION, the nearest
/// .python-version, $PYENV_ROOT/version); the shim itself is only run when that choice is unclear.
/// </summary>
public sealed class PyenvShimTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly PythonInstallation newest = InstalledPythons.Newest;

    public PyenvShimTests()
    {
        foreach (var name in new[] { "python3", $"python{newest.Version.Major}.{newest.Version.Minor}", "python3.99" })
        {
            // pyenv's own shim script, pointed at this test's root.
            temp.WriteExecutable($"root/shims/{name}",
                $"#!/usr/bin/env bash\nset -e\nprogram=\"${{0##*/}}\"\n\nexport PYENV_ROOT=\"{temp.Combine("root")}\"\n"
                + $"exec \"{temp.Combine("root")}/libexec/pyenv\" exec \"$program\" \"$@\"\n");
        }
        foreach (var version in new[] { "1.0.0", "2.0.0" })
        {
            temp.Link($"root/versions/{version}/bin/python3", RealPath.Resolve(newest.Executable));
            temp.Link($"root/versions/{version}/bin/python{newest.Version.Major}.{newest.Version.Minor}", RealPath.Resolve(newest.Executable));
        }
        Directory.CreateDirectory(temp.Combine("project", "sub"));
    }

    public void Dispose() => temp.Dispose();

    private Dictionary<string, string?> Machine(params (string Name, string? Value)[] more) =>
        TestEnvironment.Only([("PATH", temp.Combine("root", "shims")), ("PYENV_DIR", temp.Combine("project", "sub")), .. more]);

    private CountingProbe Probe() => new(path => path.Contains("/shims/", StringComparison.Ordinal)
        ? throw new InvalidOperationException($"the shim {path} was run")
        : CountingProbe.RealFactsAs(newest, path));

    private IReadOnlyList<PythonInstallation> FoundOnPath(CountingProbe probe, params (string, string?)[] more) =>
        new PythonLocator(Machine(more), probe).FindAll();

    [Fact]
    public void The_global_version_file_picks_the_installation_and_no_shim_runs()
    {
        File.WriteAllText(temp.Combine("root", "version"), "2.0.0\n");
        var probe = Probe();

        var found = FoundOnPath(probe);

        Assert.All(found, p => Assert.StartsWith(temp.Combine("root", "versions", "2.0.0", "bin"), p.Executable));
        Assert.All(probe.Asked, path => Assert.DoesNotContain("/shims/", path));
        Assert.DoesNotContain(probe.Asked, path => path.EndsWith("python3.99", StringComparison.Ordinal)); // not in 2.0.0: pyenv says "command not found"
    }

    [Fact]
    public void The_nearest_python_version_file_wins_over_the_global_one()
    {
        File.WriteAllText(temp.Combine("root", "version"), "2.0.0\n");
        File.WriteAllText(temp.Combine("project", ".python-version"), "# chosen for this project\n1.0.0\n");
        var probe = Probe();

        Assert.All(FoundOnPath(probe), p => Assert.StartsWith(temp.Combine("root", "versions", "1.0.0", "bin"), p.Executable));
    }

    [Fact]
    public void PYENV_VERSION_wins_over_version_files()
    {
        File.WriteAllText(temp.Combine("project", ".python-version"), "2.0.0\n");
        var probe = Probe();

        Assert.All(FoundOnPath(probe, ("PYENV_VERSION", "1.0.0")), p => Assert.StartsWith(temp.Combine("root", "versions", "1.0.0", "bin"), p.Executable));
    }

    [Fact]
    public void A_version_name_pyenv_must_resolve_itself_runs_the_shim_and_is_not_remembered()
    {
        var probe = new CountingProbe(path => CountingProbe.RealFactsAs(newest, path));
        var environment = Machine(("PYENV_VERSION", "2"), ("XDG_CACHE_HOME", temp.Combine("cache")));

        new PythonLocator(environment, probe).FindAll();
        new PythonLocator(environment, probe).FindAll();

        var shimRuns = probe.Asked.Count(path => path.Contains("/shims/", StringComparison.Ordinal));
        Assert.Equal(2 * 3, shimRuns); // every shim, by both locators: a shim's answer depends on where it runs
    }
}
