using Subinterp.Runtime.Locating;

namespace Subinterp.Runtime.Orchestration;

/// <summary>Turns options into a plan: finds Python, discovers and orders modules, chooses the engine.</summary>
public static class RunPlanner
{
    /// <exception cref="RunSetupException">Bad input or environment: the message names the problem and the fix.</exception>
    public static RunPlan Plan(RunOptions options, Action<string>? notice = null, PythonLocator? locator = null)
    {
        if (options.Jobs < 1)
        {
            throw new RunSetupException($"-j must be at least 1 (got {options.Jobs}).");
        }
        PythonInstallation python;
        try
        {
            python = (locator ?? new PythonLocator()).Locate(options.Python);
        }
        catch (PythonLocatorException error)
        {
            throw new RunSetupException(error.Message);
        }
        var engine = ChooseEngine(options, python, notice);
        var modules = TestModuleDiscovery.Discover(options.Paths, FilePatterns(options, engine));
        if (options.RepeatLifecycles > 1 && options.Jobs > 1)
        {
            notice?.Invoke($"--repeat-lifecycles {options.RepeatLifecycles} measures the whole process after each lifecycle: modules run one at a time.");
        }
        var history = DurationHistory.Load(options.StateDirectory);
        var remembered = modules
            .Select(module => (module.Key, Ms: history.Of(module)))
            .Where(entry => entry.Ms is not null)
            .ToDictionary(entry => entry.Key, entry => entry.Ms!.Value, StringComparer.Ordinal);
        return new RunPlan(options, python, engine, history.Order(modules)) { Remembered = remembered };
    }

    /// <summary>--pattern when given; else the engine's own: pytest's python_files, unittest's test*.py.</summary>
    private static IReadOnlyList<string> FilePatterns(RunOptions options, string engine) =>
        options.Pattern is { } pattern ? [pattern]
        : engine == "pytest" ? PytestFilePatterns.Read(PytestConfigFinder.Find(options.Paths))
        : [RunOptions.UnittestPattern];

    private static string ChooseEngine(RunOptions options, PythonInstallation python, Action<string>? notice)
    {
        switch (options.Engine)
        {
            case EngineChoice.Unittest:
                return "unittest";
            case EngineChoice.Pytest:
                if (!PythonModuleProbe.CanImport(python, "pytest"))
                {
                    throw new RunSetupException(
                        $"--engine pytest: pytest is not importable by {python}. Install it into that Python or a venv " +
                        "(then pass --python path/to/venv/bin/python), or use --engine unittest.");
                }
                return "pytest";
            default:
                var config = PytestConfigFinder.Find(options.Paths);
                if (config is null)
                {
                    return "unittest";
                }
                if (PythonModuleProbe.CanImport(python, "pytest"))
                {
                    return "pytest";
                }
                notice?.Invoke($"found pytest configuration {config}, but pytest is not importable by {python}: running with the unittest engine.");
                return "unittest";
        }
    }
}
