namespace Subinterp.CompatMatrix.Model;

/// <summary>
/// One cell's status, declared from best to worst: the gate calls a cell worse when its rank grew.
/// A refusal is CPython saying no cleanly; a leak is silent sharing; broken and crashes are failures.
/// <see cref="NotApplicable"/> stands apart (the module does not exist there) and has no rank.
/// </summary>
public enum CellStatus
{
    Ok,
    Refused,
    Leaks,
    Broken,
    Crashes,
    NotApplicable,
}

public static class CellStatusNames
{
    public static IReadOnlyList<CellStatus> All { get; } = Enum.GetValues<CellStatus>();

    public static string Name(this CellStatus status) => status switch
    {
        CellStatus.Ok => "ok",
        CellStatus.Refused => "refused",
        CellStatus.Leaks => "leaks",
        CellStatus.Broken => "broken",
        CellStatus.Crashes => "crashes",
        _ => "n/a",
    };

    /// <summary>What each status means, for legends.</summary>
    public static string Meaning(this CellStatus status) => status switch
    {
        CellStatus.Ok => "imports and works in fresh interpreters, alone, two at the same moment and one after another; nothing shared or left behind",
        CellStatus.Refused => "the interpreter refuses to load it (CPython's message, or the module's own refusal)",
        CellStatus.Leaks => "loads, but shares objects between interpreters, carries state over, changes the process or grows per lifecycle",
        CellStatus.Broken => "fails for another reason: a refused dependency, an import error, failing tests, a hang",
        CellStatus.Crashes => "brings the process down (signal, abort), alone or with another interpreter",
        _ => "not available on that Python",
    };

    public static bool TryParse(string? text, out CellStatus status)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }
        status = CellStatus.NotApplicable;
        return false;
    }
}
