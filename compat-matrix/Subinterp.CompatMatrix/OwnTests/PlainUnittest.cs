using System.Text.RegularExpressions;
using Subinterp.Runtime.Locating;

namespace Subinterp.CompatMatrix.OwnTests;

/// <summary>
/// The same test modules in a plain process (`python -m unittest MODULE`), to tell failures the
/// subinterpreter causes from failures the test has anyway. Reads unittest's closing
/// "FAIL: name (id)" / "ERROR: name (id)" headers.
/// </summary>
internal static partial class PlainUnittest
{
    [GeneratedRegex(@"^(?:FAIL|ERROR): \S+ \(([^)\s]+)\)", RegexOptions.Multiline)]
    private static partial Regex FailureHeader();

    /// <returns>The failing test ids, or null when the run did not finish in time.</returns>
    public static IReadOnlySet<string>? Failures(PythonInstallation python, string module, string root, IReadOnlyList<string> paths, TimeSpan timeout)
    {
        var pythonPath = string.Join(':', paths.Prepend(root));
        var output = PythonCommand.Run(python.Executable,
            ["-c", $"import sys; sys.path[:0] = {Subinterp.Runtime.Protocol.ProtocolCodec.QuoteForPython(pythonPath)}.split(':'); import unittest; unittest.main(module=None, argv=['unittest', {Subinterp.Runtime.Protocol.ProtocolCodec.QuoteForPython(module)}])"],
            timeout);
        return output is { } done ? Parse(done.Stderr) : null;
    }

    internal static IReadOnlySet<string> Parse(string unittestOutput) =>
        FailureHeader().Matches(unittestOutput).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
}
