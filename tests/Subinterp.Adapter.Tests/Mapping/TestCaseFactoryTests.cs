using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Subinterp.TestAdapter.Mapping;

namespace Subinterp.Adapter.Tests.Mapping;

public sealed class TestCaseFactoryTests
{
    private static readonly RunTraits Traits = new("pytest", "isolated", "3.13.0");

    [Fact]
    public void PythonTestIdIsTheFullyQualifiedAndDisplayNameAndTheIdIsStable()
    {
        var discovered = TestCaseFactory.ForTest("/bin/T.dll", "test_mod", "test_mod.test_f[a-1]", "/src/test_mod.py", 12, Traits);
        var executed = TestCaseFactory.ForTest("/bin/T.dll", "test_mod", "test_mod.test_f[a-1]", null, null, Traits);

        Assert.Equal("test_mod.test_f[a-1]", discovered.FullyQualifiedName);
        Assert.Equal("test_mod.test_f[a-1]", discovered.DisplayName);
        Assert.Equal(discovered.Id, executed.Id);
        Assert.Equal("/src/test_mod.py", discovered.CodeFilePath);
        Assert.Equal(12, discovered.LineNumber);
        Assert.Equal(new Uri(TestCaseFactory.ExecutorUri), discovered.ExecutorUri);
    }

    [Fact]
    public void ExplorerGroupsByModuleClassAndMethod()
    {
        var testCase = TestCaseFactory.ForTest("/bin/T.dll", "pkg.test_mod", "pkg.test_mod.Things.test_x[2]", "/src/pkg/test_mod.py", 3, Traits);

        Assert.Equal("pkg.test_mod.Things", testCase.GetPropertyValue(SubinterpProperties.ManagedType));
        Assert.Equal("test_x", testCase.GetPropertyValue(SubinterpProperties.ManagedMethod));
        Assert.Equal(new[] { "pkg.test_mod", "Things", "test_x", "test_x[2]" }, (string[])testCase.GetPropertyValue(SubinterpProperties.Hierarchy)!);
        Assert.Equal("test_x[2]", testCase.GetPropertyValue(SubinterpProperties.Name));
    }

    [Fact]
    public void TraitsNameModuleEngineModeAndPython()
    {
        var testCase = TestCaseFactory.ForTest("/bin/T.dll", "test_mod", "test_mod.test_f", null, null, Traits);

        Assert.Equal(
            new[] { ("engine", "pytest"), ("mode", "isolated"), ("module", "test_mod"), ("python", "3.13.0") },
            testCase.Traits.Select(t => (t.Name, t.Value)).OrderBy(t => t.Name));
    }

    [Fact]
    public void IsolationCaseIsNamedAfterItsModule()
    {
        var testCase = TestCaseFactory.ForIsolation("/bin/T.dll", "pkg.test_mod", "/src/pkg/test_mod.py", Traits);

        Assert.Equal("pkg.test_mod::isolation", testCase.FullyQualifiedName);
        Assert.True(TestCaseFactory.IsIsolationCase(testCase));
        Assert.Equal("pkg.test_mod", TestCaseFactory.ModuleOf(testCase));
        Assert.Equal("/src/pkg/test_mod.py", testCase.CodeFilePath);
        Assert.Equal(1, testCase.LineNumber);
        Assert.Equal(new[] { "pkg.test_mod", TestCaseFactory.ModuleLevel, "isolation", "isolation" }, (string[])testCase.GetPropertyValue(SubinterpProperties.Hierarchy)!);
    }
}
