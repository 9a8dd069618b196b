using Subinterp.Runtime.Hosting;
using Xunit;

namespace Subinterp.Runtime.Tests.Hosting;

public sealed class PythonAllocatorTests
{
    [Theory]
    [InlineData("3.12.1", false)]
    [InlineData("3.12.10", false)]
    [InlineData("3.13.0", true)]
    [InlineData("3.14.0rc1", true)]
    [InlineData("3.14", true)]
    [InlineData("4.0.0", true)]
    [InlineData("garbage", false)]
    public void MimallocFrom313On(string version, bool expected) => Assert.Equal(expected, PythonAllocator.HasMimalloc(version));

    [Fact]
    public void With_mimalloc_chosen_its_heaps_are_offered_huge_pages_and_never_purged_unless_the_user_said_otherwise()
    {
        Assert.Equal(
            [("PYTHONMALLOC", "mimalloc"), ("MIMALLOC_LARGE_OS_PAGES", "1"), ("MIMALLOC_EAGER_COMMIT_DELAY", "0"), ("MIMALLOC_PURGE_DELAY", "-1")],
            PythonAllocator.Choose("3.13.0", _ => false));
        Assert.Equal(
            [("PYTHONMALLOC", "mimalloc"), ("MIMALLOC_EAGER_COMMIT_DELAY", "0")],
            PythonAllocator.Choose("3.13.0", name => name is "MIMALLOC_LARGE_OS_PAGES" or "MIMALLOC_PURGE_DELAY"));
    }

    [Fact]
    public void Nothing_is_set_when_python_keeps_its_own_allocator()
    {
        Assert.Empty(PythonAllocator.Choose("3.12.1", _ => false));
        Assert.Empty(PythonAllocator.Choose("3.13.0", name => name == "PYTHONMALLOC"));
    }
}
