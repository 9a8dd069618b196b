using System.Text;

namespace Subinterp.Runtime.Reports;

/// <summary>
/// One GitHub Actions workflow command (`::error file=a.py,line=3,title=T::message`), escaped as
/// GitHub's runner unescapes it: in the message % CR LF; in property values also : and ,. Without
/// it, a test's message could end the command early or forge a command of its own on a new line.
/// </summary>
public static class WorkflowCommand
{
    public static string Format(string command, IEnumerable<(string Name, string? Value)> properties, string message)
    {
        var text = new StringBuilder("::").Append(command);
        var first = true;
        foreach (var (name, value) in properties)
        {
            if (value is null)
            {
                continue;
            }
            text.Append(first ? ' ' : ',').Append(name).Append('=').Append(EscapeProperty(value));
            first = false;
        }
        return text.Append("::").Append(EscapeData(message)).ToString();
    }

    public static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
