using System.Collections;

namespace Subinterp.Runtime.Tests.Support;

/// <summary>Environments to inject into a PythonLocator, so tests never change the process's own.</summary>
internal static class TestEnvironment
{
    /// <summary>The process environment with some variables replaced (null removes one).</summary>
    public static Dictionary<string, string?> CurrentWith(params (string Name, string? Value)[] changes)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }
        // The developer's or CI's own choice must not leak into tests that do not set it.
        variables.Remove("SUBINTERP_PYTHON");
        foreach (var (name, value) in changes)
        {
            variables[name] = value;
        }
        return variables;
    }

    /// <summary>A machine with nothing but the given variables: no PATH, no pyenv, no uv unless given.</summary>
    public static Dictionary<string, string?> Only(params (string Name, string? Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
