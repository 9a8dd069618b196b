using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.OwnTests;

/// <summary>A module's own tests in one mode: the counts and comparison, what they add to the cell's status, and why.</summary>
public sealed record OwnTestsResult(CellTests Tests, CellStatus Status, string Evidence);
