using Subinterp.TestAdapter.Mapping;

namespace Subinterp.Adapter.Tests.Mapping;

public sealed class TestCaseFilterTests
{
    [Theory]
    [InlineData("FullyQualifiedName~test_json", new[] { "FullyQualifiedName" })]
    [InlineData("Name=test_add|Name=test_pop", new[] { "Name", "Name" })]
    [InlineData("(module=test_failures&python!=3.12.1)|DisplayName!~skip", new[] { "module", "python", "DisplayName" })]
    [InlineData(@"FullyQualifiedName=test_mod.test_f\(1\&2\)", new[] { "FullyQualifiedName" })]
    [InlineData("test_mod", new string[0])]
    public void FindsThePropertyOfEveryCondition(string filter, string[] properties)
    {
        Assert.Equal(properties, TestCaseFilter.PropertyNames(filter));
    }
}
