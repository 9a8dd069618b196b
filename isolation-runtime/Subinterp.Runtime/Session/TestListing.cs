using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Session;

/// <summary>What `subinterp list` finds: every module's tests, collected in a fresh interpreter, none run.</summary>
public sealed class TestListing
{
    public const string SchemaName = "subinterp-list/1";

    public string Schema { get; init; } = SchemaName;
    public required PythonInfo Python { get; init; }
    public required string Mode { get; init; }
    public required string Engine { get; init; }

    /// <summary>Sorted by module, then path.</summary>
    public List<ListedModule> Modules { get; init; } = [];
}

/// <param name="Path">The file relative to <paramref name="Root"/>, '/' separators.</param>
/// <param name="Error">Why the module could not be collected (import error, crash), or null.</param>
public sealed record ListedModule(string Module, string Path, string FullPath, string Root, ModuleError? Error, List<ListedTest> Tests);

/// <param name="File">Relative to the module's root, '/' separators; null when unknown.</param>
public sealed record ListedTest(string Id, string? File, int? Line);
