using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Reports;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Commands;

/// <summary>
/// In GitHub Actions (GITHUB_ACTIONS=true): `::error` annotations on the files of the findings and
/// failing tests, and the run's summary appended to $GITHUB_STEP_SUMMARY. Nothing anywhere else.
/// </summary>
internal static class GitHubOutput
{
    public static bool Enabled => string.Equals(Environment.GetEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.Ordinal);

    /// <param name="modules">The planned modules: where each report module's files are.</param>
    public static void Annotate(RunReport report, IReadOnlyList<TestModule> modules, TextWriter output)
    {
        var workspace = Environment.GetEnvironmentVariable("GITHUB_WORKSPACE") is { Length: > 0 } given ? Path.GetFullPath(given) : Environment.CurrentDirectory;
        var roots = modules.GroupBy(m => (m.Name, m.RelativePath)).ToDictionary(g => g.Key, g => g.First().Root);
        string? FileOf(ModuleResult module, string? file)
        {
            if (file is null || !roots.TryGetValue((module.Module, module.Path), out var root))
            {
                return null;
            }
            var relative = Path.GetRelativePath(workspace, Path.Combine(root, file));
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
        }
        foreach (var line in GitHubAnnotations.Of(report, FileOf))
        {
            output.WriteLine(line);
        }
    }

    public static void AppendSummary(RunReport report)
    {
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is not { Length: > 0 } path)
        {
            return;
        }
        try
        {
            File.AppendAllText(path, GitHubStepSummary.Of(report));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"subinterp: could not append the job summary to GITHUB_STEP_SUMMARY={path}: {error.Message}");
        }
    }
}
