using Subinterp.TestAdapter.Mapping;

namespace Subinterp.Adapter.Tests.Mapping;

public sealed class PythonTestNameTests
{
    [Theory]
    [InlineData("pkg.test_mod.Outer.Inner.test_x", "pkg.test_mod", "Outer.Inner", "test_x", "", "pkg.test_mod.Outer.Inner")]
    [InlineData("test_mod.TestCase.test_y", "test_mod", "TestCase", "test_y", "", "test_mod.TestCase")]
    [InlineData("test_mod.test_f", "test_mod", null, "test_f", "", "test_mod")]
    [InlineData("test_mod.test_f[1.5-a.b]", "test_mod", null, "test_f", "[1.5-a.b]", "test_mod")]
    [InlineData("pkg.test_mod.TestK.test_m[x[0]]", "pkg.test_mod", "TestK", "test_m", "[x[0]]", "pkg.test_mod.TestK")]
    public void SplitsModuleClassMethodAndParameters(string id, string module, string? classPath, string method, string parameters, string managedType)
    {
        var name = PythonTestName.Parse(id, module);

        Assert.Equal(module, name.Module);
        Assert.Equal(classPath, name.ClassPath);
        Assert.Equal(method, name.Method);
        Assert.Equal(parameters, name.Parameters);
        Assert.Equal(managedType, name.ManagedType);
        Assert.Equal(method + parameters, name.MethodWithParameters);
    }

    [Fact]
    public void TestOfAnotherModuleFromLoadTestsKeepsItsWholePathAsClass()
    {
        var name = PythonTestName.Parse("helpers.Shared.test_z", "test_loader");

        Assert.Equal("test_loader", name.Module);
        Assert.Equal("helpers.Shared", name.ClassPath);
        Assert.Equal("test_z", name.Method);
    }
}
