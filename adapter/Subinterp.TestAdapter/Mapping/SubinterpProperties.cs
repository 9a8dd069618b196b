using Microsoft.VisualStudio.TestPlatform.ObjectModel;

namespace Subinterp.TestAdapter.Mapping;

/// <summary>
/// The test case properties the adapter sets besides the standard ones. The ids of the managed
/// name and hierarchy properties are VSTest's well-known ones (the explorer groups by them); the
/// module property lets an execution request map a case back to the module it selects.
/// </summary>
internal static class SubinterpProperties
{
    public static readonly TestProperty ManagedType = Register("TestCase.ManagedType", "ManagedType", typeof(string));
    public static readonly TestProperty ManagedMethod = Register("TestCase.ManagedMethod", "ManagedMethod", typeof(string));

    /// <summary>[namespace, class, test group, display name]: module, class (or &lt;module&gt;), method, test.</summary>
    public static readonly TestProperty Hierarchy = Register("TestCase.Hierarchy", "Hierarchy", typeof(string[]));

    /// <summary>The dotted Python module whose interpreter runs the test.</summary>
    public static readonly TestProperty Module = Register("Subinterp.Module", "Module", typeof(string));

    /// <summary>The test's own name with its parameters, "test_x[p]": what the Name filter property matches.</summary>
    public static readonly TestProperty Name = Register("Subinterp.Name", "Name", typeof(string));

    private static TestProperty Register(string id, string label, Type type) =>
        TestProperty.Register(id, label, string.Empty, string.Empty, type, null, TestPropertyAttributes.Hidden, typeof(TestCase));
}
