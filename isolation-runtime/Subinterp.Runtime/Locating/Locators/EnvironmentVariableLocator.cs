namespace Subinterp.Runtime.Locating.Locators;

/// <summary>
/// SUBINTERP_PYTHON: the same forms as an explicit request, set once for a shell or a CI job.
/// As a discovery source it contributes only locations; a version in it is a filter, not a place.
/// </summary>
internal sealed class EnvironmentVariableLocator(LocatorEnvironment environment, ExplicitLocator explicitLocator) : ICandidateLocator
{
    public const string Variable = "SUBINTERP_PYTHON";

    public string Source => Variable;

    public string? Request => environment.Get(Variable)?.Trim() is { Length: > 0 } value ? value : null;

    public string SearchedPlaces => Request is { } request ? $"{Variable} ({request})" : $"{Variable} (not set)";

    public IEnumerable<PythonCandidate> FindCandidates()
    {
        if (Request is not { } request || PythonRequest.Parse(request).IsVersion)
        {
            return [];
        }
        try
        {
            return [new PythonCandidate(explicitLocator.Locate(request).Executable, Source)];
        }
        catch (PythonLocatorException)
        {
            return []; // Locate reports it when SUBINTERP_PYTHON is actually used
        }
    }
}
