using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Orchestration;

public sealed class TestModuleDiscoveryTests
{
    [Fact]
    public void NamesModulesByPackageChainAndNamespaceFolders()
    {
        using var dir = new TempDirectory();
        Write(dir, "test_top.py", "pkg/__init__.py", "pkg/test_in_pkg.py", "pkg/sub/__init__.py", "pkg/sub/test_deep.py",
            "plain/test_plain.py", "plain/helpers.py", ".hidden/test_hidden.py", "venv/pyvenv.cfg", "venv/test_venv.py",
            "__pycache__/test_cached.py", "my-dir/test_dash.py");

        var modules = TestModuleDiscovery.Discover([dir.Path], ["test*.py"]).ToDictionary(m => m.RelativePath.Split('/')[^1]);

        Assert.Equal(["test_dash.py", "test_deep.py", "test_in_pkg.py", "test_plain.py", "test_top.py"], modules.Keys.Order());
        Assert.Equal(("test_top", dir.Path), (modules["test_top.py"].Name, modules["test_top.py"].Root));
        Assert.Equal(("pkg.sub.test_deep", dir.Path, "pkg/sub/test_deep.py"), (modules["test_deep.py"].Name, modules["test_deep.py"].Root, modules["test_deep.py"].RelativePath));
        Assert.Equal("plain.test_plain", modules["test_plain.py"].Name);
        // A folder that is no identifier cannot be a namespace package: its module stands alone.
        Assert.Equal(("test_dash", dir.Combine("my-dir")), (modules["test_dash.py"].Name, modules["test_dash.py"].Root));
    }

    [Fact]
    public void AFileInsideAPackageKeepsItsPackageName()
    {
        using var dir = new TempDirectory();
        Write(dir, "pkg/__init__.py", "pkg/test_x.py");

        var module = Assert.Single(TestModuleDiscovery.Discover([dir.Combine("pkg", "test_x.py")], ["test*.py"]));

        Assert.Equal(("pkg.test_x", dir.Path), (module.Name, module.Root));
    }

    [Fact]
    public void PatternSelectsFileNames()
    {
        using var dir = new TempDirectory();
        Write(dir, "test_a.py", "b_test.py");

        var module = Assert.Single(TestModuleDiscovery.Discover([dir.Path], ["*_test.py"]));

        Assert.Equal("b_test", module.Name);
        // pytest's default: either pattern matches.
        Assert.Equal(["b_test", "test_a"], TestModuleDiscovery.Discover([dir.Path], ["test_*.py", "*_test.py"]).Select(m => m.Name));
    }

    [Fact]
    public void MissingPathsAndEmptyFoldersAreSetupErrors()
    {
        using var dir = new TempDirectory();
        Write(dir, "notes.txt", "helpers.py");

        Assert.Contains("does not exist", Assert.Throws<RunSetupException>(() => TestModuleDiscovery.Discover([dir.Combine("nope")], ["test*.py"])).Message);
        Assert.Contains("no test modules matching", Assert.Throws<RunSetupException>(() => TestModuleDiscovery.Discover([dir.Path], ["test*.py"])).Message);
        Assert.Contains("not a Python file", Assert.Throws<RunSetupException>(() => TestModuleDiscovery.Discover([dir.Combine("notes.txt")], ["test*.py"])).Message);
        Assert.Contains("no path given", Assert.Throws<RunSetupException>(() => TestModuleDiscovery.Discover([], ["test*.py"])).Message);
    }

    private static void Write(TempDirectory dir, params string[] files)
    {
        foreach (var file in files)
        {
            var path = dir.Combine(file.Split('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
        }
    }
}
