using Subinterp.Runtime.Locating;

namespace Subinterp.Runtime.Tests.Locating;

public sealed class PythonRequestTests
{
    [Theory]
    [InlineData("3", true)]
    [InlineData("3.13", true)]
    [InlineData("3.13.0", true)]
    [InlineData("3.13t", true)]
    [InlineData("python3.13", false)]
    [InlineData("/usr/bin/python3", false)]
    [InlineData("3.13.0.1", false)]
    [InlineData("99999999999", false)]
    public void Versions_are_told_from_locations(string text, bool isVersion)
    {
        Assert.Equal(isVersion, PythonRequest.Parse(text).IsVersion);
    }

    [Theory]
    [InlineData("3.13", "3.13.0", true)]
    [InlineData("3.13", "3.13.5", true)]
    [InlineData("3.1", "3.13.0", false)]
    [InlineData("3.13.0", "3.13.1", false)]
    [InlineData("3", "3.12.1", true)]
    public void Versions_match_by_components(string request, string version, bool matches)
    {
        Assert.Equal(matches, PythonRequest.Parse(request).Matches(Version.Parse(version)));
    }

    [Fact]
    public void A_trailing_t_asks_for_a_free_threaded_build()
    {
        Assert.True(PythonRequest.Parse("3.13t").FreeThreaded);
        Assert.False(PythonRequest.Parse("3.13").FreeThreaded);
    }
}
