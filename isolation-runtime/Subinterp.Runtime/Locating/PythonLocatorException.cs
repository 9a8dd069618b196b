namespace Subinterp.Runtime.Locating;

/// <summary>
/// No Python fits what was asked. The message is meant for the user as is: it says what was
/// found, what Subinterp needs, and how to get there.
/// </summary>
public sealed class PythonLocatorException : Exception
{
    public PythonLocatorException()
    {
    }

    public PythonLocatorException(string message)
        : base(message)
    {
    }

    public PythonLocatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
