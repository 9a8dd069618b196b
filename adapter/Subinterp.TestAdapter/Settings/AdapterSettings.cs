using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.TestAdapter.Settings;

/// <summary>A folder or .py file of Python tests, with the file name pattern of its test modules.</summary>
internal sealed record PythonTestRoot(string Path, string Pattern);

/// <summary>What one test source (a test assembly with its manifest, or a .py file) asks Subinterp to run, already validated.</summary>
internal sealed record AdapterSettings
{
    public const string DefaultPattern = "test*.py";

    /// <summary>The test source VSTest or the testing platform handed over: test cases belong to it.</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<PythonTestRoot> Roots { get; init; }
    public string? Python { get; init; }
    public InterpreterMode Mode { get; init; } = InterpreterMode.Isolated;
    public bool BothModes { get; init; }
    public int? Jobs { get; init; }
    public EngineChoice Engine { get; init; } = EngineChoice.Auto;
    public double? TimeoutSeconds { get; init; }
    public double? TestTimeoutSeconds { get; init; }
    public required string StateDirectory { get; init; }

    /// <summary>The mode as the traits show it: isolated, legacy or both.</summary>
    public string ModeName => BothModes ? RunPlan.BothModes : Mode.Name();

    /// <summary>
    /// One set of run options per file name pattern: the runtime searches all the folders of a run
    /// with one pattern, so roots with different patterns are separate runs of the same source.
    /// </summary>
    public IReadOnlyList<RunOptions> RunOptions() =>
        Roots.GroupBy(root => root.Pattern, StringComparer.Ordinal)
            .Select(group =>
            {
                var options = new RunOptions
                {
                    Paths = group.Select(root => root.Path).ToList(),
                    Pattern = group.Key,
                    Python = Python,
                    Mode = Mode,
                    BothModes = BothModes,
                    Engine = Engine,
                    ModuleTimeoutSeconds = TimeoutSeconds,
                    TestTimeoutSeconds = TestTimeoutSeconds,
                    StateDirectory = StateDirectory,
                };
                return Jobs is { } jobs ? options with { Jobs = jobs } : options;
            })
            .ToList();
}
