using Subinterp.CompatMatrix.Model;
using Subinterp.Runtime.Results;

namespace Subinterp.CompatMatrix.Cells;

/// <summary>
/// What a module declares, from the PyModuleDef the worker read while the module was loaded
/// (<see cref="ModuleResult.Declarations"/>), in the matrix's words.
/// </summary>
public static class Declarations
{
    public const string Unknown = "unknown";

    public static ModuleDeclaration Of(string python, string extension, IEnumerable<ProbeResult> results)
    {
        var read = results.SelectMany(r => r.Result.Declarations ?? []).FirstOrDefault(d => d.Module == extension);
        return read is null
            ? new ModuleDeclaration(python, Unknown, null, null)
            : new ModuleDeclaration(python, read.Init, MultipleInterpretersName(read.MultipleInterpreters), GilName(read.Gil));
    }

    public static string? MultipleInterpretersName(long? value) => value switch
    {
        null => null,
        0 => "not-supported",
        1 => "supported",
        2 => "per-interpreter-gil-supported",
        _ => value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string? GilName(long? value) => value switch
    {
        null => null,
        0 => "used",
        1 => "not-used",
        _ => value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static bool PerInterpreterGil(this ModuleDeclaration declaration) =>
        declaration.Init == "multi-phase" && declaration.MultipleInterpreters == "per-interpreter-gil-supported";

    /// <summary>The declaration in a few words, for evidence and tables.</summary>
    public static string Describe(this ModuleDeclaration declaration)
    {
        if (declaration.Init == Unknown)
        {
            return "declaration unknown (never loaded where its PyModuleDef could be read)";
        }
        if (declaration.Init == "single-phase")
        {
            return "single-phase init";
        }
        var text = "multi-phase init, " + (declaration.MultipleInterpreters is { } value ? $"Py_mod_multiple_interpreters {value}" : "no Py_mod_multiple_interpreters slot");
        return declaration.Gil is { } gil ? $"{text}, Py_mod_gil {gil}" : text;
    }

    /// <summary>
    /// Where the declaration and the observation disagree: a module that declares per-interpreter
    /// GIL support but is refused, leaks or crashes; one that declares less but showed no problem.
    /// </summary>
    public static string? Disagreement(ModuleDeclaration declaration, string mode, CellStatus status)
    {
        if (declaration.Init == Unknown)
        {
            return null;
        }
        if (declaration.PerInterpreterGil() && status is CellStatus.Refused or CellStatus.Leaks or CellStatus.Crashes)
        {
            return $"declares Py_MOD_PER_INTERPRETER_GIL_SUPPORTED, yet {status.Name()} in {mode} mode";
        }
        if (!declaration.PerInterpreterGil() && status == CellStatus.Ok)
        {
            return mode == "isolated"
                ? $"declares {declaration.Describe()} (not per-interpreter GIL support), yet an isolated interpreter loaded it and it showed no problem"
                : $"declares {declaration.Describe()} (not per-interpreter GIL support), yet showed no problem with several interpreters";
        }
        return null;
    }
}
