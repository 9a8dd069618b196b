using Subinterp.CompatMatrix.Catalog;

namespace Subinterp.CompatMatrix;

/// <summary>Checks a request before anything runs; every message names the problem and the fix.</summary>
public static class MatrixRequestValidation
{
    public static void Validate(MatrixRequest request)
    {
        if (request.Modules.Count == 0)
        {
            throw new MatrixSetupException("give the modules to probe: --modules stdlib, site, path (the extension modules under --path), or dotted module names (repeatable).");
        }
        foreach (var name in request.Modules.Where(n => !ModuleCatalog.SetNames.Contains(n)))
        {
            if (name.Split('.').Any(part => !IsIdentifier(part)))
            {
                throw new MatrixSetupException($"--modules {name}: not a module set (stdlib, site, path) nor a dotted module name.");
            }
        }
        foreach (var path in request.Paths)
        {
            if (!Directory.Exists(path))
            {
                throw new MatrixSetupException($"--path {path}: no such folder. Give the folder that holds your built extension modules (the one you would put on sys.path).");
            }
        }
        if (request.Modules.Contains("path") && request.Paths.Count == 0)
        {
            throw new MatrixSetupException("--modules path probes the extension modules under --path folders: give at least one --path.");
        }
        if (request.Modes.Count == 0)
        {
            throw new MatrixSetupException("--mode takes isolated, legacy or both.");
        }
        if (request.Jobs < 1)
        {
            throw new MatrixSetupException($"--jobs must be at least 1 (got {request.Jobs}).");
        }
        if (request.Repeats < 0)
        {
            throw new MatrixSetupException($"--repeats must not be negative (got {request.Repeats}).");
        }
        if (request.Lifecycles != 1 && request.Lifecycles < Subinterp.Runtime.Leaks.LifecycleLeakRule.MinimumLifecycles)
        {
            throw new MatrixSetupException($"--lifecycles needs at least {Subinterp.Runtime.Leaks.LifecycleLeakRule.MinimumLifecycles} lifecycles to tell steady growth from warm-up (got {request.Lifecycles}).");
        }
        if (request.Runs < 1)
        {
            throw new MatrixSetupException($"--runs must be at least 1 (got {request.Runs}); 2 or more shows the cells that change between runs.");
        }
        if (request.TestFolder is { } folder && !Directory.Exists(folder))
        {
            throw new MatrixSetupException($"--run-tests {folder}: no such folder. Give your package's test folder, or --run-tests alone for the stdlib's mapped tests.");
        }
    }

    private static bool IsIdentifier(string part) =>
        part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_');
}
