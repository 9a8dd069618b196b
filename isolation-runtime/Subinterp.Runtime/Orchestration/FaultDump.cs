using System.Text.RegularExpressions;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// A faulthandler dump made readable: without the driver's watchdog thread (it only waits) and
/// without the frames of the runner's own machinery (bootstrap, driver, unittest, importlib),
/// which surround every test's frames.
/// </summary>
internal static partial class FaultDump
{
    public static string Clean(string dump)
    {
        var blocks = dump.Trim().Split("\n\n")
            .Where(block => !block.Contains("subinterp_driver/watchdog.py", StringComparison.Ordinal))
            .Select(block => string.Join('\n', block.Split('\n').Where(line => !Machinery().IsMatch(line))))
            .Where(block => block.Length > 0);
        return string.Join("\n\n", blocks) + "\n";
    }

    [GeneratedRegex("""^\s+File "(<string>|<frozen importlib[^"]*>|[^"]*/subinterp_driver/[^"]*|[^"]*/unittest/[^"]*)", line""")]
    private static partial Regex Machinery();
}
