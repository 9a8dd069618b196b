using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

/// <summary>
/// The folder listing PATH discovery uses: names only (files, folders, links, dangling links alike),
/// what the filter keeps, and never "." or "..".
/// </summary>
public sealed class DirectoryNamesTests
{
    [Fact]
    public void Every_kind_of_entry_is_listed_by_name_and_the_filter_decides()
    {
        using var temp = new TempDirectory();
        temp.WriteExecutable("bin/python3", "#!/bin/sh\n");
        Directory.CreateDirectory(temp.Combine("bin", "python3.99"));
        temp.Link("bin/python3.12", temp.Combine("nowhere"));
        temp.Link("bin/python", temp.Combine("bin", "python3"));
        temp.WriteExecutable("bin/pip", "#!/bin/sh\n");

        var all = DirectoryNames.List(temp.Combine("bin"), _ => true);
        var python = DirectoryNames.List(temp.Combine("bin"), name => name.StartsWith("python", StringComparison.Ordinal));

        Assert.Equal(["pip", "python", "python3", "python3.12", "python3.99"], all.Order(StringComparer.Ordinal));
        Assert.Equal(["python", "python3", "python3.12", "python3.99"], python.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_folder_that_cannot_be_listed_has_no_names()
    {
        using var temp = new TempDirectory();

        Assert.Empty(DirectoryNames.List(temp.Combine("absent"), _ => true));
        Assert.Empty(DirectoryNames.List(temp.WriteExecutable("a-file", ""), _ => true));
    }

    [Fact]
    public void A_PATH_folder_reached_twice_through_a_link_gives_its_Pythons_once_under_the_first_name()
    {
        using var temp = new TempDirectory();
        temp.Link("usr/bin/python3", RealPath.Resolve(InstalledPythons.Newest.Executable));
        temp.Link("bin", temp.Combine("usr", "bin"));
        Directory.CreateDirectory(temp.Combine("usr", "bin", "python3.99"));
        var path = string.Join(Path.PathSeparator, temp.Combine("bin"), temp.Combine("usr", "bin"));
        var locator = new PythonLocator(TestEnvironment.Only(("PATH", path)));

        var python = Assert.Single(locator.FindAll());

        Assert.Equal(temp.Combine("bin", "python3"), python.Executable);
    }
}
