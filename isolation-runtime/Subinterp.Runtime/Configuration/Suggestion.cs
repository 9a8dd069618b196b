namespace Subinterp.Runtime.Configuration;

/// <summary>" Did you mean jobs?" for a name one or two typing slips away from a known one; "" otherwise.</summary>
public static class Suggestion
{
    /// <param name="shown">How the known name is written in the message (`&lt;Jobs&gt;`).</param>
    public static string For(string name, IEnumerable<string> known, Func<string, string>? shown = null) =>
        known.Select(candidate => (candidate, distance: Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .Where(entry => entry.distance <= Math.Max(1, Math.Min(2, entry.candidate.Length / 3)))
            .OrderBy(entry => entry.distance).Select(entry => $" Did you mean {(shown ?? (candidate => candidate))(entry.candidate)}?").FirstOrDefault() ?? "";

    /// <summary>Edits (insert, delete, replace, swap two neighbours) from one to the other.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
