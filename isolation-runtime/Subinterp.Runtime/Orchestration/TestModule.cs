namespace Subinterp.Runtime.Orchestration;

/// <summary>A discovered test module.</summary>
/// <param name="Name">Dotted module name relative to <paramref name="Root"/>, e.g. "pkg.sub.test_x".</param>
/// <param name="FullPath">Absolute path of the .py file.</param>
/// <param name="Root">The directory put on sys.path[0]: the nearest ancestor that is not a package.</param>
/// <param name="RelativePath">The file relative to <paramref name="Root"/>, with '/' separators.</param>
public sealed record TestModule(string Name, string FullPath, string Root, string RelativePath)
{
    /// <summary>Identifies the module across runs even when two roots hold the same dotted name.</summary>
    public string Key => FullPath;
}
