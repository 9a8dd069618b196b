using System.Text;
using Subinterp.Runtime.Locating.Locators;

namespace Subinterp.Runtime.Locating;

/// <summary>
/// Finds the CPython Subinterp embeds. Sources, first match wins: the explicit request,
/// SUBINTERP_PYTHON, then discovery (PATH, pyenv, uv). Every installation's facts come from running
/// it once; the answer is remembered per user (<see cref="KnownPythons"/>) while the executable is
/// unchanged, so a later run only lists folders and stats files. Names only decide what need not be
/// run at all: for "3.13", a python3.11 cannot match; for the newest, nothing older than a known
/// usable installation can win. <see cref="FindAll"/> (the doctor) probes every new candidate.
/// </summary>
public sealed class PythonLocator
{
    /// <summary>Source of an installation named by the request passed to <see cref="Locate"/>.</summary>
    public const string RequestSource = "--python";

    public const string EnvironmentVariable = EnvironmentVariableLocator.Variable;

    // Probes are mostly waiting on process start-up; a few at once cut discovery time
    // without flooding a 2-core machine.
    private const int ParallelProbes = 4;

    private readonly ProbeCache probes;
    private readonly ExplicitLocator explicitLocator;
    private readonly EnvironmentVariableLocator environmentVariable;
    private readonly IReadOnlyList<ICandidateLocator> discovery;

    /// <param name="environment">Variables to decide by (PATH, HOME, PYENV_ROOT, UV_PYTHON_INSTALL_DIR,
    /// SUBINTERP_PYTHON); the process environment when null. Probed executables still run in the
    /// process environment.</param>
    /// <param name="probe">How executables are asked for their facts.
    /// The per-user record of answers lives under XDG_CACHE_HOME or HOME taken from the same variables;
    /// without either, answers are kept for the life of this locator only.</param>
    public PythonLocator(IReadOnlyDictionary<string, string?>? environment = null, PythonProbe? probe = null)
    {
        var variables = new LocatorEnvironment(environment);
        probes = new ProbeCache(probe ?? new PythonProbe(), new KnownPythons(UserCacheDirectory.Find(variables.Get)));
        explicitLocator = new ExplicitLocator(variables, probes, new LibraryLocator(probes));
        environmentVariable = new EnvironmentVariableLocator(variables, explicitLocator);
        discovery =
        [
            environmentVariable,
            new PathLocator(variables),
            new PyenvLocator(variables),
            new UvLocator(variables),
        ];
    }

    /// <summary>
    /// The installation to use for <paramref name="request"/>: null or empty (then SUBINTERP_PYTHON,
    /// else the newest usable one found), a version prefix ("3.13", "3.13.0"), or a path to an
    /// executable, a venv, an installation directory or a libpython.
    /// </summary>
    /// <exception cref="PythonLocatorException">Nothing fits; the message says what was found and what is needed.</exception>
    public PythonInstallation Locate(string? request)
    {
        using var links = RealPath.Remembering();
        try
        {
            return LocateUnsaved(request);
        }
        finally
        {
            probes.Save();
        }
    }

    /// <summary>Executables actually run by this locator so far (answers recalled from the per-user record do not count).</summary>
    public int ProbesRun => probes.Probes;

    private PythonInstallation LocateUnsaved(string? request)
    {
        if (!string.IsNullOrWhiteSpace(request))
        {
            return LocateRequest(request.Trim(), RequestSource);
        }
        if (environmentVariable.Request is { } fromEnvironment)
        {
            try
            {
                return LocateRequest(fromEnvironment, EnvironmentVariable);
            }
            catch (PythonLocatorException e)
            {
                throw new PythonLocatorException($"{EnvironmentVariable} is set to '{fromEnvironment}': {e.Message}", e);
            }
        }
        return LocateAny();
    }

    /// <summary>Every Python found (any version or build), one entry per installation, newest first.</summary>
    public IReadOnlyList<PythonInstallation> FindAll()
    {
        using var links = RealPath.Remembering();
        var all = Found(_ => true);
        probes.Save();
        return all;
    }

    private IReadOnlyList<PythonCandidate> Candidates() =>
        candidates ??= discovery.SelectMany(locator => locator.FindCandidates()).ToList();

    private IReadOnlyList<PythonCandidate>? candidates;

    /// <summary>
    /// The installations among the candidates whose answer is known, plus those <paramref name="probeIf"/>
    /// selects among the rest (run now, a few at a time).
    /// </summary>
    private IReadOnlyList<PythonInstallation> Found(Func<PythonCandidate, bool> probeIf)
    {
        var candidates = Candidates();
        var found = new PythonInstallation?[candidates.Count];
        var unknown = new List<int>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (probes.Recall(candidates[i].Executable) is { } facts)
            {
                found[i] = PythonInstallationFactory.Create(facts, candidates[i].Source);
            }
            else if (probeIf(candidates[i]))
            {
                unknown.Add(i);
            }
        }
        Parallel.ForEach(unknown, new ParallelOptions { MaxDegreeOfParallelism = ParallelProbes }, i =>
        {
            // A candidate that fails is not an error in discovery: a pyenv shim answers
            // "command not found" for versions that are installed but not selected.
            if (probes.TryProbe(candidates[i].Executable) is { } facts)
            {
                found[i] = PythonInstallationFactory.Create(facts, candidates[i].Source);
            }
        });

        // One entry per real executable; a venv keeps its own entry because its prefix (and so
        // its site-packages) differs from the base interpreter it links to.
        return found
            .OfType<PythonInstallation>()
            .DistinctBy(p => (RealPath.Resolve(p.Executable), p.Prefix))
            .OrderByDescending(p => p.Version)
            .ToList();
    }

    /// <summary>The installations <see cref="Locate"/> could pick: CPython 3.12+, shared library present and loadable-looking.</summary>
    public IReadOnlyList<PythonInstallation> FindSupported() =>
        FindAll().Where(p => PythonRequirements.FindProblem(p) is null).ToList();

    private PythonInstallation LocateRequest(string text, string source)
    {
        var request = PythonRequest.Parse(text);
        return request.IsVersion ? LocateVersion(request) : Checked(PythonInstallationFactory.Create(explicitLocator.Locate(text), source));
    }

    private PythonInstallation LocateVersion(PythonRequest request)
    {
        if (request.FreeThreaded)
        {
            throw new PythonLocatorException(
                $"Free-threaded CPython ({request.Text}) is not supported: {PythonRequirements.FreeThreadedWhy} "
                + $"Ask for the default build, {request.Text.TrimEnd('t')}.");
        }

        var matching = Found(c => c.Hint.CouldBe(request.VersionParts!)).Where(p => request.Matches(p.Version)).ToList();
        if (matching.Count == 0)
        {
            var wanted = string.Join('.', request.VersionParts!);
            throw new PythonLocatorException(
                $"No CPython {wanted} found. {Listing(Found(_ => true))}Install it with a shared library "
                + $"(e.g. `{PythonRequirements.PyenvInstall(wanted)}`) or pass the path of its executable.");
        }
        return matching.FirstOrDefault(p => PythonRequirements.FindProblem(p) is null) ?? Checked(matching[0]);
    }

    private PythonInstallation LocateAny()
    {
        // Only a candidate that could be as new as the best known usable one can change the answer.
        var best = Found(_ => false).FirstOrDefault(p => PythonRequirements.FindProblem(p) is null);
        var all = Found(c => best is null || c.Hint.CouldBeAtLeast(best.Version));
        var usable = all.FirstOrDefault(p => PythonRequirements.FindProblem(p) is null);
        if (usable is not null)
        {
            return usable;
        }

        var message = new StringBuilder();
        if (all.Count == 0)
        {
            message.Append("No Python found. Looked in ")
                .AppendJoin("; ", discovery.Select(locator => locator.SearchedPlaces))
                .Append(". ");
        }
        else
        {
            message.AppendLine("No usable Python found:");
            foreach (var python in all)
            {
                message.Append("  - ").AppendLine(PythonRequirements.FindProblem(python));
            }
        }
        message.Append($"Subinterp needs {PythonRequirements.Summary}. Install one (e.g. `{PythonRequirements.PyenvInstall("3.13")}`) ")
            .Append($"and select it by version or path, or set {EnvironmentVariable} to its executable.");
        throw new PythonLocatorException(message.ToString());
    }

    private static PythonInstallation Checked(PythonInstallation python) =>
        PythonRequirements.FindProblem(python) is { } problem ? throw new PythonLocatorException(problem) : python;

    private static string Listing(IReadOnlyList<PythonInstallation> all)
    {
        if (all.Count == 0)
        {
            return "No Python was found at all. ";
        }
        var found = new StringBuilder("Found:").AppendLine();
        foreach (var python in all)
        {
            found.Append("  - ").Append($"CPython {python.VersionText} ({python.Executable}, via {python.Source})").AppendLine();
        }
        return found.ToString();
    }
}
