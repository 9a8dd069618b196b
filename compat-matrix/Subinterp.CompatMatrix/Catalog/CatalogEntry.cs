namespace Subinterp.CompatMatrix.Catalog;

/// <summary>An extension module found on one Python.</summary>
/// <param name="Kind">stdlib-shared, stdlib-builtin, site, path or named.</param>
/// <param name="Origin">Its file, or null for a built-in module.</param>
/// <param name="Distribution">The installed distribution it belongs to (importlib.metadata), when known.</param>
public sealed record CatalogEntry(string Name, string Kind, string? Origin, string? Distribution = null, string? DistributionVersion = null);

/// <summary>A file named like an extension module that is not one, and why.</summary>
public sealed record NotAModule(string Name, string File, string Reason);

/// <summary>What one Python has of the requested module sets, and the names it could not find.</summary>
/// <param name="Stdlib">The standard library's folder (where CPython's own test package lives).</param>
/// <param name="NotModules">Files the module sets named that are not extension modules (not probed).</param>
public sealed record PythonCatalog(IReadOnlyList<CatalogEntry> Modules, IReadOnlyList<string> Missing, string Stdlib, IReadOnlyList<NotAModule>? NotModules = null);
