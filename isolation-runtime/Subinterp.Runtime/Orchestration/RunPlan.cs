using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>A run ready to start: the Python, the engine, and the modules in the order they will be fed.</summary>
/// <param name="Selected">Module key → the test ids to run in it; a module not listed runs whole.</param>
public sealed record RunPlan(RunOptions Options, PythonInstallation Python, string Engine, IReadOnlyList<TestModule> Modules,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Selected = null)
{
    /// <summary>--shard: which share of the modules this run holds (its <see cref="ShardInfo.Modules"/> follow <see cref="Modules"/>).</summary>
    public ShardInfo? Shard { get; init; }

    /// <summary>Milliseconds each planned module (by key) took when it last ran here; modules never seen are absent.</summary>
    public IReadOnlyDictionary<string, double> Remembered { get; init; } = new Dictionary<string, double>();

    // Lifecycle checks measure the whole process: another slot's module would blur the figures.
    public int Slots => Options.RepeatLifecycles > 1 ? 1 : Math.Max(1, Math.Min(Options.Jobs, Modules.Count * Modes.Count));

    /// <summary>The interpreter modes every module runs in: one, or isolated then legacy (--mode both).</summary>
    public IReadOnlyList<InterpreterMode> Modes => Options.BothModes ? [InterpreterMode.Isolated, InterpreterMode.Legacy] : [Options.Mode];

    /// <summary>The report's mode: the one mode, or "both".</summary>
    public string ModeName => Options.BothModes ? BothModes : Options.Mode.Name();

    public const string BothModes = InterpreterModeNames.Both;

    public IReadOnlyList<string>? SelectionOf(TestModule module) => Selected?.GetValueOrDefault(module.Key);

    /// <summary>
    /// The one place the driver's arguments are made: for a module run in a worker and for its
    /// plain-process comparison alike. Whoever carries them on forwards them as they are.
    /// </summary>
    /// <param name="select">The test ids to run (null: all).</param>
    public Protocol.DriverArguments DriverArgumentsFor(TestModule module, InterpreterMode mode, IReadOnlyList<string>? select, bool collectOnly = false) => new()
    {
        Module = module.Name, Path = module.FullPath, Root = module.Root, Mode = mode, Engine = Engine, OutputLimit = Options.OutputLimitBytes,
        TestTimeout = Options.TestTimeoutSeconds, ModuleTimeout = Options.ModuleTimeoutSeconds, ThreadJoinTimeout = Options.ThreadJoinSeconds,
        Pattern = Options.Pattern ?? RunOptions.UnittestPattern, Select = select, CollectOnly = collectOnly,
    };
}
