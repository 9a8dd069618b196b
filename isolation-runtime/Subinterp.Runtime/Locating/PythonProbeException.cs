namespace Subinterp.Runtime.Locating;

/// <summary>A file did not answer as a Python executable when probed.</summary>
public sealed class PythonProbeException : Exception
{
    public PythonProbeException()
    {
    }

    public PythonProbeException(string message)
        : base(message)
    {
    }

    public PythonProbeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
