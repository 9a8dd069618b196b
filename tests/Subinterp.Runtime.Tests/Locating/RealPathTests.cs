using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;

namespace Subinterp.Runtime.Tests.Locating;

public sealed class RealPathTests
{
    [Fact]
    public void Links_in_directories_and_in_the_last_component_are_followed()
    {
        using var temp = new TempDirectory();
        var real = temp.Combine("real", "3.13.0", "bin");
        Directory.CreateDirectory(real);
        File.WriteAllText(Path.Join(real, "python3.13"), "");
        File.CreateSymbolicLink(Path.Join(real, "python3"), "python3.13");
        Directory.CreateSymbolicLink(temp.Combine("alias"), temp.Combine("real", "3.13.0"));
        var realTemp = new DirectoryInfo(temp.Path).ResolveLinkTarget(true)?.FullName ?? temp.Path;

        Assert.Equal(Path.Join(realTemp, "real", "3.13.0", "bin", "python3.13"), RealPath.Resolve(temp.Combine("alias", "bin", "python3")));
    }

    [Fact]
    public void Parent_references_after_a_link_are_taken_physically()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("a", "b"));
        Directory.CreateSymbolicLink(temp.Combine("link"), temp.Combine("a", "b"));

        Assert.Equal(RealPath.Resolve(temp.Combine("a")), RealPath.Resolve(temp.Combine("link") + "/.."));
    }

    [Fact]
    public void A_path_without_links_is_unchanged()
    {
        using var temp = new TempDirectory();
        var path = RealPath.Resolve(temp.Path);

        Assert.Equal(path, RealPath.Resolve(Path.Join(path, ".")));
    }

    [Fact]
    public void Within_a_search_each_link_is_read_once_and_a_later_search_reads_it_again()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("old", "bin"));
        Directory.CreateDirectory(temp.Combine("new", "bin"));
        Directory.CreateSymbolicLink(temp.Combine("current"), temp.Combine("old"));
        var through = Path.Join(temp.Combine("current"), "bin");
        string during, sameSearch, nextSearch;

        using (RealPath.Remembering())
        {
            during = RealPath.Resolve(through);
            // Retargeted mid-search: the search goes on with what it saw (realpath(3) on every call would not).
            File.Delete(temp.Combine("current"));
            Directory.CreateSymbolicLink(temp.Combine("current"), temp.Combine("new"));
            sameSearch = RealPath.Resolve(through);
        }
        nextSearch = RealPath.Resolve(through);

        Assert.EndsWith(Path.Join("old", "bin"), during);
        Assert.Equal(during, sameSearch);
        Assert.EndsWith(Path.Join("new", "bin"), nextSearch);
    }
}
