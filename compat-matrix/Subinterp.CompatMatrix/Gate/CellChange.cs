using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Gate;

/// <summary>One cell compared between the baseline and the current matrix (null on the side that lacks it).</summary>
public sealed record CellChange(string Module, string Series, string Mode, MatrixCell? Baseline, MatrixCell? Current)
{
    public string Name => $"{Module} {Series} {Mode}";

    public string Describe() => $"{Name}: {Baseline?.Status ?? "absent"} -> {Current?.Status ?? "absent"}";
}

/// <summary>What the gate found: only <see cref="Regressed"/> fails it.</summary>
public sealed record GateResult(
    IReadOnlyList<CellChange> Regressed,
    IReadOnlyList<CellChange> Improved,
    IReadOnlyList<CellChange> Added,
    IReadOnlyList<CellChange> NotCompared,
    int Unchanged)
{
    public bool Passed => Regressed.Count == 0;
}
