using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime;
using Subinterp.Runtime.Locating;

namespace Subinterp.CompatMatrix.Reproducers;

/// <summary>
/// Gives every crash cell its standalone reproducer (<see cref="ReproducerScript"/>) and how often it
/// reproduced in a plain process of that Python (<see cref="ReproducerCheck"/>). The scripts travel
/// in the document; the outputs write them next to matrix.json.
/// </summary>
public static class CrashReproducers
{
    public static MatrixDocument Add(MatrixDocument document, IReadOnlyList<PythonInstallation> pythons, IReadOnlyList<string> paths, string measured,
        string work, Action<string> notice)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, ReproducerFolder.Name)).FullName;
        var modules = document.Modules.Select(module =>
        {
            if (module.Cells.All(c => c.StatusValue != CellStatus.Crashes))
            {
                return module;
            }
            return module with
            {
                Cells = module.Cells.Select(cell =>
                {
                    if (cell.StatusValue != CellStatus.Crashes || pythons.FirstOrDefault(p => p.VersionText == cell.Python) is not { } python)
                    {
                        return cell;
                    }
                    var mode = cell.Mode == InterpreterMode.Legacy.Name() ? InterpreterMode.Legacy : InterpreterMode.Isolated;
                    return cell with { Reproducer = Find(module.Module, cell, mode, python, paths, measured, folder, notice) };
                }).ToList(),
            };
        }).ToList();
        return document with { Modules = modules };
    }

    /// <summary>
    /// The simplest pattern that reproduces the crash: one interpreter at a time, then one beside
    /// another (what every probe does), then two at the same moment. When none does, the pattern of
    /// the probe that crashed is published with its count, so the cell says it did not reproduce.
    /// </summary>
    private static CellReproducer Find(string module, MatrixCell cell, InterpreterMode mode, PythonInstallation python, IReadOnlyList<string> paths, string measured,
        string folder, Action<string> notice)
    {
        var name = ReproducerScript.FileName(module, cell.Python, mode);
        CellReproducer? last = null;
        foreach (var pattern in Enum.GetValues<ReproducerPattern>())
        {
            var script = ReproducerScript.For(module, cell.Python, mode, pattern, cell.Evidence, paths, measured);
            notice($"checking a reproducer of the {module} crash ({cell.Python} {cell.Mode}, {pattern.ToString().ToLowerInvariant()}) with {python.Executable}: {ReproducerCheck.Attempts} runs");
            var tried = ReproducerCheck.Run(python.Executable, script, name, pattern, folder);
            if (tried.Reproduced > 0)
            {
                return tried;
            }
            if (last is null || pattern == (cell.CrashedIn == ProbeKind.Concurrent ? ReproducerPattern.Concurrent : ReproducerPattern.Overlapping))
            {
                last = tried;
            }
        }
        return last!;
    }
}
