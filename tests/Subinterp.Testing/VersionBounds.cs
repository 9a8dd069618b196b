namespace Subinterp.Testing;

/// <summary>
/// The MinVersion/MaxVersion filter. Versions are compared on as many components as the bound
/// gives, so MaxVersion "3.12" means "any 3.12.x" and not "3.12.0 or older".
/// </summary>
internal sealed class VersionBounds
{
    private readonly int[]? min;
    private readonly int[]? max;

    private VersionBounds(int[]? min, int[]? max)
    {
        this.min = min;
        this.max = max;
    }

    public static VersionBounds Parse(string? min, string? max) => new(ParseBound(min, "MinVersion"), ParseBound(max, "MaxVersion"));

    public bool Contains(Version version) =>
        (min is null || Compare(version, min) >= 0) && (max is null || Compare(version, max) <= 0);

    public override string ToString() =>
        (min, max) switch
        {
            (null, null) => "any version",
            (_, null) => $"MinVersion = {string.Join('.', min!)}",
            (null, _) => $"MaxVersion = {string.Join('.', max!)}",
            _ => $"MinVersion = {string.Join('.', min!)}, MaxVersion = {string.Join('.', max!)}",
        };

    private static int Compare(Version version, int[] bound)
    {
        int[] actual = [version.Major, version.Minor, Math.Max(version.Build, 0)];
        for (var i = 0; i < bound.Length && i < actual.Length; i++)
        {
            if (actual[i] != bound[i])
            {
                return actual[i].CompareTo(bound[i]);
            }
        }
        return 0;
    }

    private static int[]? ParseBound(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var parts = text.Trim().Split('.');
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts.Length > 3 || !int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw new FormatException($"[PythonTheory] {name} = \"{text}\" is not a version such as 3.12 or 3.13.1.");
            }
        }
        return numbers;
    }
}
