using Subinterp.CompatMatrix.Advice;
using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Packages;

namespace Subinterp.CompatMatrix.Verdicts;

/// <summary>
/// One verdict per package and Python, what a user of the package wants to know first: every module
/// works in an isolated interpreter ("ready for isolated interpreters"); they all load with a shared
/// GIL ("works with a shared GIL only", saying when they share state there); one is refused even with
/// a shared GIL, itself or through a dependency ("refuses subinterpreters"); one crashes the process;
/// one is broken otherwise. Cells that fail in a plain process too say nothing about subinterpreters
/// and do not count. Each verdict names the module and mode that decided it, whose evidence the page
/// shows on a click.
/// </summary>
public static class PackageVerdicts
{
    public const string ReadyIsolated = "ready-isolated";
    public const string SharedGilOnly = "shared-gil-only";
    public const string Refuses = "refuses";
    public const string Crashes = "crashes";
    public const string Broken = "broken";
    public const string NotApplicable = "n/a";

    /// <summary>Every verdict, best first, with its words.</summary>
    public static readonly IReadOnlyList<(string Verdict, string Text)> All =
    [
        (ReadyIsolated, "ready for isolated interpreters"),
        (SharedGilOnly, "works with a shared GIL only"),
        (Refuses, "refuses subinterpreters"),
        (Broken, "broken in subinterpreters"),
        (Crashes, "crashes subinterpreters"),
        (NotApplicable, "not on this Python"),
    ];

    public static IReadOnlyList<MatrixPackage> Of(MatrixDocument document, IReadOnlyDictionary<string, PackageResolver.ModulePackage> packages) =>
        document.Modules.Where(m => m.Package is not null)
            .GroupBy(m => m.Package!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(group =>
            {
                var info = packages.Values.First(p => p.Name == group.Key);
                return new MatrixPackage(group.Key, info.Version, info.SystemPackage, group.Select(m => m.Module).ToList(),
                    group.Select(m => m.Toolchain?.Name).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                    document.Pythons.Select(p => Verdict(p.Version, group.ToList())).ToList());
            })
            .ToList();

    private static PackageVerdict Verdict(string python, IReadOnlyList<MatrixModule> modules)
    {
        var cells = modules.SelectMany(m => m.Cells.Where(c => c.Python == python).Select(c => (m.Module, Cell: c)))
            .Where(c => c.Cell.StatusValue != CellStatus.NotApplicable && c.Cell.Advice?.Category != AdviceRules.FailsInPlainProcess)
            .ToList();
        if (cells.Count == 0)
        {
            return Make(python, NotApplicable, "none of its modules is probed on this Python (absent, or failing in a plain process too)", null);
        }
        if (cells.FirstOrDefault(c => c.Cell.StatusValue == CellStatus.Crashes) is { Cell: not null } crash)
        {
            return Make(python, Crashes, $"{crash.Module} crashes the process in {crash.Cell.Mode} mode", crash);
        }
        var isolated = cells.Where(c => c.Cell.Mode == "isolated").ToList();
        var legacy = cells.Where(c => c.Cell.Mode == "legacy").ToList();
        if (isolated.Count > 0 && isolated.All(c => c.Cell.StatusValue == CellStatus.Ok))
        {
            var leaking = legacy.FirstOrDefault(c => c.Cell.StatusValue != CellStatus.Ok);
            return Make(python, ReadyIsolated, $"all {isolated.Count} of its modules load and pass every check made in isolated interpreters"
                + (leaking.Cell is null ? "" : $" (in legacy mode {leaking.Module} {leaking.Cell.Status})"), isolated[0]);
        }
        if (legacy.FirstOrDefault(c => c.Cell.StatusValue == CellStatus.Refused || c.Cell.Advice?.Category == AdviceRules.DependencyRefused) is { Cell: not null } refused)
        {
            return Make(python, Refuses, $"{refused.Module} is refused even with a shared GIL ({refused.Cell.Advice?.Category ?? refused.Cell.Status})", refused);
        }
        if (legacy.FirstOrDefault(c => c.Cell.StatusValue == CellStatus.Broken) is { Cell: not null } broken)
        {
            return Make(python, Broken, $"{broken.Module} is broken in a legacy subinterpreter ({broken.Cell.Advice?.Category ?? "broken"})", broken);
        }
        if (legacy.Count > 0)
        {
            var blocker = isolated.First(c => c.Cell.StatusValue != CellStatus.Ok);
            var sharing = legacy.FirstOrDefault(c => c.Cell.StatusValue == CellStatus.Leaks);
            return Make(python, SharedGilOnly, $"{blocker.Module} is {blocker.Cell.Status} in an isolated interpreter ({blocker.Cell.Advice?.Category ?? blocker.Cell.Status}); "
                + (sharing.Cell is null ? "every module loads with a shared GIL" : $"with a shared GIL they load, but {sharing.Module} shares state between interpreters"), blocker);
        }
        var first = isolated.First(c => c.Cell.StatusValue != CellStatus.Ok);
        return Make(python, first.Cell.StatusValue == CellStatus.Refused ? Refuses : Broken,
            $"{first.Module} is {first.Cell.Status} in an isolated interpreter (legacy mode not measured)", first);
    }

    private static PackageVerdict Make(string python, string verdict, string reason, (string Module, MatrixCell Cell)? decided) =>
        new(python, verdict, All.First(v => v.Verdict == verdict).Text, reason, decided?.Module, decided?.Cell.Mode);
}
