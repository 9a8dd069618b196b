namespace Subinterp.CompatMatrix;

/// <summary>Bad input or environment for a matrix or a gate: the message names the problem and the fix.</summary>
public sealed class MatrixSetupException(string message) : Exception(message);
