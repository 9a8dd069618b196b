namespace Subinterp.TestAdapter.Mapping;

/// <summary>
/// A Python test id taken apart the way an explorer groups it: module, class path, method, and
/// the parameters of a parametrised pytest test (which may hold dots of their own).
/// "pkg.test_mod.Outer.Inner.test_x" in module "pkg.test_mod" is class "Outer.Inner", method
/// "test_x"; "test_mod.test_f[1.5-a]" is a module-level function "test_f" with parameters "[1.5-a]".
/// </summary>
internal sealed record PythonTestName(string Id, string Module, string? ClassPath, string Method, string Parameters)
{
    /// <summary>The id without its module: "Class.test_x[p]", or "test_f[p]".</summary>
    public string ShortName => (ClassPath is null ? "" : ClassPath + ".") + Method + Parameters;

    /// <summary>The method with its parameters, as the explorer's leaf shows it: "test_x[p]".</summary>
    public string MethodWithParameters => Method + Parameters;

    /// <summary>The dotted type the test belongs to: its class, or its module for plain functions.</summary>
    public string ManagedType => ClassPath is null ? Module : Module + "." + ClassPath;

    public static PythonTestName Parse(string id, string module)
    {
        var bracket = TopLevelBracket(id);
        var parameters = bracket < 0 ? "" : id[bracket..];
        var path = bracket < 0 ? id : id[..bracket];
        // load_tests may hand out tests of another module: their whole dotted path is then the class path.
        var relative = path.StartsWith(module + ".", StringComparison.Ordinal) ? path[(module.Length + 1)..] : path;
        var split = relative.LastIndexOf('.');
        return split < 0
            ? new PythonTestName(id, module, null, relative, parameters)
            : new PythonTestName(id, module, relative[..split], relative[(split + 1)..], parameters);
    }

    /// <summary>Where a parametrised id's parameters start: the first '[' (ids never hold one before it).</summary>
    private static int TopLevelBracket(string id) => id.EndsWith(']') ? id.IndexOf('[') : -1;
}
