namespace Subinterp.Runtime.Orchestration;

/// <summary>Bad input or environment found before anything ran: exit code 2, with a message that says the fix.</summary>
public sealed class RunSetupException(string message) : Exception(message);
