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
}
