using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Gate;

/// <summary>
/// Compares a current matrix with a baseline cell by cell. Cells are matched on module, Python
/// series (3.13, so that a runner's patch update is no change of column) and mode. A status whose
/// rank grew (ok &lt; refused &lt; leaks &lt; broken &lt; crashes) regressed; one that fell improved. A module
/// that became n/a where its column still runs, or vanished from a column both matrices have,
/// regressed too: a broken build must not pass as "nothing to compare". Columns the current matrix
/// does not have at all are not compared (reported).
/// </summary>
public static class MatrixGate
{
    public static string Series(string version)
    {
        var parts = version.Split('.');
        return parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : version;
    }

    public static GateResult Compare(MatrixDocument baseline, MatrixDocument current)
    {
        var before = Index(baseline);
        var after = Index(current);
        var currentColumns = current.Columns().Select(c => (Series(c.Python), c.Mode)).ToHashSet();
        var regressed = new List<CellChange>();
        var improved = new List<CellChange>();
        var added = new List<CellChange>();
        var notCompared = new List<CellChange>();
        var unchanged = 0;
        foreach (var (key, old) in before)
        {
            after.TryGetValue(key, out var now);
            var change = new CellChange(key.Module, key.Series, key.Mode, old, now);
            if (now is null)
            {
                (currentColumns.Contains((key.Series, key.Mode)) && old.StatusValue != CellStatus.NotApplicable ? regressed : notCompared).Add(change);
            }
            else if (old.StatusValue == now.StatusValue)
            {
                unchanged++;
            }
            else if (now.StatusValue == CellStatus.NotApplicable || (old.StatusValue != CellStatus.NotApplicable && now.StatusValue > old.StatusValue))
            {
                regressed.Add(change);
            }
            else if (old.StatusValue == CellStatus.NotApplicable)
            {
                added.Add(change);
            }
            else
            {
                improved.Add(change);
            }
        }
        added.AddRange(after.Where(pair => !before.ContainsKey(pair.Key)).Select(pair => new CellChange(pair.Key.Module, pair.Key.Series, pair.Key.Mode, null, pair.Value)));
        return new GateResult(Ordered(regressed), Ordered(improved), Ordered(added), Ordered(notCompared), unchanged);
    }

    /// <summary>The baseline with the improved and added cells taken from the current matrix; regressions stay as they were.</summary>
    public static MatrixDocument Updated(MatrixDocument baseline, MatrixDocument current, GateResult result)
    {
        var take = result.Improved.Concat(result.Added).ToDictionary(c => (c.Module, c.Series, c.Mode));
        var modules = baseline.Modules.ToDictionary(m => m.Module, StringComparer.Ordinal);
        foreach (var module in current.Modules.Where(m => m.Cells.Any(c => take.ContainsKey((m.Module, Series(c.Python), c.Mode)))))
        {
            var cells = modules.TryGetValue(module.Module, out var existing) ? existing.Cells.ToList() : [];
            foreach (var cell in module.Cells.Where(c => take.ContainsKey((module.Module, Series(c.Python), c.Mode))))
            {
                cells.RemoveAll(c => Series(c.Python) == Series(cell.Python) && c.Mode == cell.Mode);
                cells.Add(cell);
            }
            var declarations = (existing?.Declarations ?? []).Where(d => module.Declarations.All(n => Series(n.Python) != Series(d.Python))).Concat(module.Declarations).ToList();
            modules[module.Module] = new MatrixModule(module.Module, existing?.Kind ?? module.Kind, declarations, cells);
        }
        var pythons = baseline.Pythons.Concat(current.Pythons.Where(p => baseline.Pythons.All(b => Series(b.Version) != Series(p.Version)))).ToList();
        var modes = baseline.Modes.Concat(current.Modes.Where(m => !baseline.Modes.Contains(m))).ToList();
        // A cell carried over keeps its own Python version; the column list names every version a cell uses.
        var versions = modules.Values.SelectMany(m => m.Cells).Select(c => c.Python).Distinct().ToList();
        pythons.AddRange(current.Pythons.Where(p => versions.Contains(p.Version) && pythons.All(q => q.Version != p.Version)));
        return baseline with { Pythons = pythons, Modes = modes, Modules = modules.Values.ToList() };
    }

    private static Dictionary<(string Module, string Series, string Mode), MatrixCell> Index(MatrixDocument document)
    {
        var index = new Dictionary<(string, string, string), MatrixCell>();
        foreach (var module in document.Modules)
        {
            foreach (var cell in module.Cells)
            {
                index[(module.Module, Series(cell.Python), cell.Mode)] = cell;
            }
        }
        return index;
    }

    private static List<CellChange> Ordered(List<CellChange> changes) =>
        changes.OrderBy(c => c.Module, StringComparer.Ordinal).ThenBy(c => c.Series, StringComparer.Ordinal).ThenBy(c => c.Mode, StringComparer.Ordinal).ToList();
}
