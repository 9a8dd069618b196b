namespace Subinterp.CompatMatrix.Catalog;

/// <summary>An extension module found on one Python.</summary>
/// <param name="Kind">stdlib-shared, stdlib-builtin, site, path or named.</param>
/// <param name="Origin">Its file, or null for a built-in module.</param>
public sealed record CatalogEntry(string Name, string Kind, string? Origin);

/// <summary>What one Python has of the requested module sets, and the names it could not find.</summary>
/// <param name="Stdlib">The standard library's folder (where CPython's own test package lives).</param>
public sealed record PythonCatalog(IReadOnlyList<CatalogEntry> Modules, IReadOnlyList<string> Missing, string Stdlib);
