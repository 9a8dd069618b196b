using System.Text;

namespace Subinterp.Runtime.Leaks;

/// <summary>How leak details quote values: readable, one line, bounded.</summary>
internal static class LeakText
{
    private const int MaxLength = 200;

    /// <summary>'value' with control characters escaped, cut at 200 characters.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, MaxLength) + 2).Append('\'');
        foreach (var c in value.Length > MaxLength ? value[..MaxLength] : value)
        {
            if (char.IsControl(c))
            {
                builder.Append(c switch { '\n' => "\\n", '\t' => "\\t", '\r' => "\\r", _ => $"\\x{(int)c:x2}" });
            }
            else
            {
                builder.Append(c);
            }
        }
        builder.Append('\'');
        return value.Length > MaxLength ? builder.Append($"... ({value.Length} characters)").ToString() : builder.ToString();
    }
}
