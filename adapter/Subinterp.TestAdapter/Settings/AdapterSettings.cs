using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.TestAdapter.Settings;

/// <summary>A folder or .py file of Python tests, with the file name pattern of its test modules (null: the run's).</summary>
internal sealed record PythonTestRoot(string Path, string? Pattern);

/// <summary>What one test source (a test assembly with its manifest, or a .py file) asks Subinterp to run, already validated.</summary>
internal sealed record AdapterSettings
{
    /// <summary>The test source VSTest or the testing platform handed over: test cases belong to it.</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<PythonTestRoot> Roots { get; init; }

    /// <summary>The run's configuration (pyproject.toml, the MSBuild properties, the run settings), shared by every root.</summary>
    public required RunOptions Options { get; init; }

    public bool BothModes => Options.BothModes;

    /// <summary>The mode as the traits show it: isolated, legacy or both.</summary>
    public string ModeName => BothModes ? InterpreterModeNames.Both : Options.Mode.Name();

    /// <summary>
    /// One set of run options per file name pattern: the runtime searches all the folders of a run
    /// with one pattern, so roots with different patterns are separate runs of the same source.
    /// </summary>
    public IReadOnlyList<RunOptions> RunOptions() =>
        Roots.GroupBy(root => root.Pattern ?? Options.Pattern, StringComparer.Ordinal)
            .Select(group => Options with { Paths = group.Select(root => root.Path).ToList(), Pattern = group.Key })
            .ToList();
}
