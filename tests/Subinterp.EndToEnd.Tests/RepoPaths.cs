namespace Subinterp.EndToEnd.Tests;

/// <summary>Where the repository's sample suites and golden files are, found from the test binary's location.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleSuite(string name) => Path.Combine(Root, "sample-suites", name);

    public static string GoldenFolder => Path.Combine(Root, "tests", "Subinterp.EndToEnd.Tests", "Golden");

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Subinterp.slnx")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException($"no Subinterp.slnx above {AppContext.BaseDirectory}");
    }
}
